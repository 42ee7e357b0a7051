import WS from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { ServerKind } from './servers.ts';

/**
 * A light client: a raw WebSocket speaking the sync protocol, without a Y.Doc of its own, so
 * one load-generator process can hold hundreds of them (a real client applies every update it
 * receives, which saturates a core near 75–100 clients). Stafette and @y/websocket-server speak
 * y-websocket; Hocuspocus prefixes every frame with the document name and starts with an auth
 * frame. Incoming document updates are handed to `onUpdate` as the raw frame.
 */
const HOCUSPOCUS_PROVIDER_VERSION = '4.8.0';
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

export class LightClient {
  readonly socket: WS;
  readonly ready: Promise<void>;
  closeCode: number | null = null;
  private readonly prefix: Uint8Array;
  private readonly hocuspocus: boolean;

  constructor(
    kind: ServerKind,
    url: string,
    room: string,
    token: string | undefined,
    private readonly onUpdate: (frame: Buffer, from: LightClient) => void,
  ) {
    this.hocuspocus = kind === 'hocuspocus';
    const prefixEncoder = encoding.createEncoder();
    if (this.hocuspocus) encoding.writeVarString(prefixEncoder, room);
    this.prefix = encoding.toUint8Array(prefixEncoder);
    const address =
      kind === 'stafette' ? `${url}/collab/${room}?token=${token}` : kind === 'ywss' ? `${url}/${room}` : url;
    this.socket = new WS(address);
    this.socket.binaryType = 'nodebuffer';
    this.ready = new Promise<void>((resolve, reject) => {
      this.socket.on('open', () => {
        if (this.hocuspocus) this.send(2, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'bench'), encoding.writeVarString(e, HOCUSPOCUS_PROVIDER_VERSION)));
        else this.send(0, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR)));
      });
      this.socket.on('message', (data: Buffer) => {
        const offset = this.prefix.length;
        const type = data[offset];
        if (type === 0) {
          const step = data[offset + 1];
          if (step === 2) return this.onUpdate(data, this);
          // The server's sync step 1: answer with (empty) step 2, as a client without edits.
          if (step === 0) this.send(0, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, EMPTY_UPDATE)));
          if (step === 1) resolve();
        } else if (type === 2 && this.hocuspocus) {
          // Authenticated: now ask for the document.
          this.send(0, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR)));
        }
      });
      this.socket.on('close', (code: number) => {
        this.closeCode = code;
        reject(new Error(`closed ${code}`));
      });
      this.socket.on('error', () => {});
    });
    this.ready.catch(() => {});
  }

  /** Sends one document update (sync message type 2). */
  sendUpdate(update: Uint8Array): void {
    this.send(0, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update)));
  }

  close(): void {
    this.socket.terminate();
  }

  private send(type: number, body: (encoder: encoding.Encoder) => void): void {
    if (this.socket.readyState !== WS.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeUint8Array(encoder, this.prefix);
    encoding.writeVarUint(encoder, type);
    body(encoder);
    this.socket.send(encoding.toUint8Array(encoder));
  }
}

/**
 * Makes edits for many light clients with one Y.Doc: each client types at the end of its own
 * paragraph (so every edit builds only on what its own socket sent before, or on the base
 * document), under its own client id.
 */
export class EditFactory {
  readonly doc = new Y.Doc();
  private readonly texts: Y.XmlText[] = [];
  private readonly ids: number[] = [];
  private last: Uint8Array | null = null;

  constructor(clients: number) {
    this.doc.on('update', (update: Uint8Array) => (this.last = update));
    const fragment = this.doc.getXmlFragment('prosemirror');
    this.doc.transact(() => {
      for (let i = 0; i < clients; i++) {
        const paragraph = new Y.XmlElement('paragraph');
        const text = new Y.XmlText();
        text.insert(0, '·');
        paragraph.insert(0, [text]);
        fragment.push([paragraph]);
        this.texts.push(text);
        this.ids.push(1_000_000 + Math.floor(Math.random() * 1_000_000_000));
      }
    });
  }

  /** The base document (one paragraph per client). */
  base(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /** Client `i` appends `text` to its paragraph; returns the update. */
  edit(i: number, text: string): Uint8Array {
    const own = this.doc.clientID;
    this.doc.clientID = this.ids[i]!;
    try {
      const t = this.texts[i]!;
      t.insert(t.length, text);
    } finally {
      this.doc.clientID = own;
    }
    return this.last!;
  }
}

/** Edit text of ~25 bytes carrying a marker `~client.seq~` that receivers find in the frame. */
export function markedText(client: number, seq: number, bytes = 25): string {
  const marker = `~${client}.${seq}~`;
  return marker + 'abcdefghijklmnopqrstuvwxyz'.slice(0, Math.max(0, bytes - marker.length));
}

export const MARKER = /~(\d+)\.(\d+)~/g;
