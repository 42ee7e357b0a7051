import * as encoding from 'lib0/encoding';

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

/** One awareness entry to send: a client id, its clock and its state as JSON (`null` when it left). */
export interface AwarenessEntry {
  client: number;
  clock: number;
  json: string;
}

/** An awareness message with the given entries (y-protocols' awareness update format). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { client, clock, json } of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, json);
  }
  return encodeAwareness(encoding.toUint8Array(update));
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

/** An awareness message beyond the presence limits (too many entries or too large a state). */
export class AwarenessTooLarge extends Error {}

/** One entry of a client's awareness message; `state` is the undecoded JSON (a view into the frame). */
export interface IncomingAwarenessEntry {
  client: number;
  clock: number;
  state: Uint8Array;
}

/**
 * Splits an awareness update into its entries, bounds-checked and complete before anything is
 * applied. The entry count is read first and the payload size checked against it, so a large
 * message is refused before it is walked. States stay undecoded: the caller parses only those
 * it keeps (`parseAwarenessState`).
 */
export function decodeAwarenessUpdate(update: Uint8Array, limits: { maxEntries: number; maxStateBytes: number }): IncomingAwarenessEntry[] {
  const reader = new Reader(update);
  const count = reader.varUint();
  if (count > limits.maxEntries) throw new AwarenessTooLarge(`${count} awareness entries (at most ${limits.maxEntries})`);
  // Two numbers of up to 8 bytes and a length of up to 5 per entry around its state.
  if (update.length > 9 + count * (limits.maxStateBytes + 21)) throw new AwarenessTooLarge('awareness message too large');
  const entries: IncomingAwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const client = reader.varUint();
    const clock = reader.varUint();
    const state = reader.varBytes();
    if (state.length > limits.maxStateBytes) throw new AwarenessTooLarge(`awareness state of ${state.length} bytes (at most ${limits.maxStateBytes})`);
    entries.push({ client, clock, state });
  }
  reader.end();
  return entries;
}

/** An awareness state: a JSON object, or null when the client left. */
export function parseAwarenessState(bytes: Uint8Array): Record<string, unknown> | null {
  let state: unknown;
  try {
    state = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new ProtocolError('awareness state is not valid JSON');
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new ProtocolError('awareness state must be an object or null');
  return state as Record<string, unknown> | null;
}
