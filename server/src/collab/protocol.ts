import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';

/**
 * The y-websocket wire protocol as pure functions: every frame is one message, a varuint
 * message type followed by its body. Decoding is strict (bounds-checked lengths, no trailing
 * bytes) because a frame comes from an untrusted socket; encoding writes each message once so
 * that a broadcast sends the same bytes to every connection.
 */

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

const AUTH_PERMISSION_DENIED = 0;

export type IncomingMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** A frame that is not a well-formed y-websocket client message. */
export class ProtocolError extends Error {}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.bytes.length) throw new ProtocolError('message ends inside a number');
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) break;
        return value;
      }
      multiplier *= 128;
    }
    throw new ProtocolError('number out of range');
  }

  /** A length-prefixed byte string; the length must fit in what is left of the frame. */
  varBytes(): Uint8Array {
    const length = this.varUint();
    if (length > this.bytes.length - this.pos) {
      throw new ProtocolError(`length ${length} exceeds the ${this.bytes.length - this.pos} bytes left in the message`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  end(): void {
    if (this.pos !== this.bytes.length) throw new ProtocolError(`${this.bytes.length - this.pos} unexpected bytes after the message`);
  }
}

/** Decodes one client frame. The returned byte arrays are views into `frame` (no copy). */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  const reader = new Reader(frame);
  const type = reader.varUint();
  let message: IncomingMessage;
  switch (type) {
    case MESSAGE_SYNC: {
      const step = reader.varUint();
      const payload = reader.varBytes();
      if (step === SYNC_STEP_1) message = { type: 'sync-step-1', stateVector: payload };
      else if (step === SYNC_STEP_2) message = { type: 'sync-step-2', update: payload };
      else if (step === SYNC_UPDATE) message = { type: 'update', update: payload };
      else throw new ProtocolError(`unknown sync message type ${step}`);
      break;
    }
    case MESSAGE_AWARENESS:
      message = { type: 'awareness', update: reader.varBytes() };
      break;
    case MESSAGE_QUERY_AWARENESS:
      message = { type: 'query-awareness' };
      break;
    default:
      // Auth messages only travel from server to client.
      throw new ProtocolError(`unknown message type ${type}`);
  }
  reader.end();
  return message;
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export const encodeSyncStep1 = (stateVector: Uint8Array) => syncMessage(SYNC_STEP_1, stateVector);
/** Sync step 2: everything the client lacks, as one update. */
export const encodeSyncStep2 = (update: Uint8Array) => syncMessage(SYNC_STEP_2, update);
/** One document update, relayed to every other connection. */
export const encodeUpdate = (update: Uint8Array) => syncMessage(SYNC_UPDATE, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The awareness states of `clients` (all known ones by default) as one awareness message. */
export function encodeAwarenessStates(awareness: awarenessProtocol.Awareness, clients?: number[]): Uint8Array {
  return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients ?? [...awareness.getStates().keys()]));
}

/** y-protocols' auth message: the client may read but its edits are refused. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks an awareness update completely before y-protocols applies it (which would apply the
 * entries before a broken one). Returns the client ids it sets or removes.
 */
export function checkAwarenessUpdate(update: Uint8Array): number[] {
  const reader = new Reader(update);
  const count = reader.varUint();
  const clients: number[] = [];
  for (let i = 0; i < count; i++) {
    clients.push(reader.varUint());
    reader.varUint(); // clock
    let text: string;
    try {
      text = utf8.decode(reader.varBytes());
      const state: unknown = JSON.parse(text);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new ProtocolError('awareness state must be an object or null');
    } catch (err) {
      throw err instanceof ProtocolError ? err : new ProtocolError('awareness state is not valid JSON');
    }
  }
  reader.end();
  return clients;
}
