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
 * Makes edits for many light clients: one base document with a paragraph per client, and per
 * client a copy of it under its own client id, typing at the end of its own paragraph (so every
 * edit builds only on the base or on what its own socket sent before). One copy per client, not
 * one shared Y.Doc: a Yjs transaction reads the whole state vector, and with a writer per client
 * in one document that was a third of the load generator's CPU at 800 clients.
 */
export class EditFactory {
  private readonly baseUpdate: Uint8Array;
  private readonly docs: Y.Doc[] = [];
  /** Each client's paragraph text in its own copy. */
  private readonly texts: Y.XmlText[] = [];

  constructor(clients: number) {
    const base = new Y.Doc();
    const fragment = base.getXmlFragment('prosemirror');
    base.transact(() => {
      for (let i = 0; i < clients; i++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('·')]);
        fragment.push([paragraph]);
      }
    });
    this.baseUpdate = Y.encodeStateAsUpdate(base);
    for (let i = 0; i < clients; i++) {
      const doc = new Y.Doc();
      doc.clientID = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      Y.applyUpdate(doc, this.baseUpdate);
      this.docs.push(doc);
      this.texts.push((doc.getXmlFragment('prosemirror').get(i) as Y.XmlElement).get(0) as Y.XmlText);
    }
  }

  /** The base document (one paragraph per client). */
  base(): Uint8Array {
    return this.baseUpdate;
  }

  /** Client `i` appends `text` to its paragraph; returns the update. */
  edit(i: number, text: string): Uint8Array {
    const doc = this.docs[i]!;
    const before = Y.encodeStateVector(doc);
    const t = this.texts[i]!;
    t.insert(t.length, text);
    return Y.encodeStateAsUpdate(doc, before);
  }
}

/** Edit text of ~25 bytes carrying a marker `~client.seq~` that receivers find in the frame. */
export function markedText(client: number, seq: number, bytes = 25): string {
  const marker = `~${client}.${seq}~`;
  return marker + 'abcdefghijklmnopqrstuvwxyz'.slice(0, Math.max(0, bytes - marker.length));
}

export const MARKER = /~(\d+)\.(\d+)~/g;
