/**
 * One round with the server for a page's local copy, without an editor on screen: the copy in
 * IndexedDB is loaded, exchanged with the server over the collaboration socket (what the server
 * has lands on the device, what the device has goes to the server) and closed again. Used to
 * fetch the pages of a kept space and to send offline edits of pages nobody has open.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { collabServerUrl, OpenOnlyWebSocket } from '../editor/use-collab.ts';
import { persistLocally } from './local-docs.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP_1 = 0;
/** Fresh connections tried to see the server confirm what was sent (its step 1 on connect). */
const CONFIRM_ROUNDS = 3;
const TIMEOUT_MS = 30_000;

export type SyncOutcome =
  /** Both sides have each other's content. */
  | { status: 'synced'; bytes: number }
  /** The server refused our edits (the user may only read now); the page shows why when opened. */
  | { status: 'denied'; bytes: number }
  /** No connection within the time, or the socket was closed for good. */
  | { status: 'failed' };

/** True when the server's clocks cover every client's content in `local`. */
function covers(server: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((server.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * `confirm`: keep reconnecting until the server's state vector (sent at each connect) includes
 * all local content, i.e. the local edits were stored, not just sent.
 */
export async function syncPage(userId: string, pageId: string, { confirm = false } = {}): Promise<SyncOutcome> {
  const ydoc = new Y.Doc();
  const local = persistLocally(userId, pageId, ydoc);
  await local.whenSynced;
  const provider = new WebsocketProvider(collabServerUrl(), pageId, ydoc, { disableBc: true, WebSocketPolyfill: OpenOnlyWebSocket });
  // Not a visitor of the page: no avatar for others.
  provider.awareness.setLocalState(null);
  try {
    return await new Promise<SyncOutcome>((resolve) => {
      let serverClocks: Map<number, number> | null = null;
      let rounds = 0;
      let denied = false;
      const timer = setTimeout(() => resolve({ status: 'failed' }), TIMEOUT_MS);
      const done = (outcome: SyncOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      const syncHandler = provider.messageHandlers[MESSAGE_SYNC]!;
      provider.messageHandlers[MESSAGE_SYNC] = (encoder: encoding.Encoder, decoder: decoding.Decoder, p: WebsocketProvider, emitSynced: boolean, messageType: number) => {
        const peek = decoding.createDecoder(decoder.arr);
        peek.pos = decoder.pos;
        if (decoding.readVarUint(peek) === SYNC_STEP_1) serverClocks = Y.decodeStateVector(decoding.readVarUint8Array(peek));
        syncHandler(encoder, decoder, p, emitSynced, messageType);
      };
      provider.messageHandlers[MESSAGE_AUTH] = () => {
        denied = true;
      };
      provider.on('sync', (isSynced: boolean) => {
        if (!isSynced) return;
        const bytes = Y.encodeStateAsUpdate(ydoc).byteLength;
        if (denied) return done({ status: 'denied', bytes });
        if (!confirm || (serverClocks && covers(serverClocks, Y.decodeStateVector(Y.encodeStateVector(ydoc))))) return done({ status: 'synced', bytes });
        if (++rounds > CONFIRM_ROUNDS) return done({ status: 'failed' });
        // Our edits went out after the server's step 1 of this connection: a new one tells.
        setTimeout(() => {
          provider.disconnect();
          provider.connect();
        }, 0);
      });
      provider.on('connection-close', (event: CloseEvent | null) => {
        // 4xxx other than the test/offline code: the server closed for good (no access, deleted).
        if (event && event.code >= 4400 && event.code < 4500) done({ status: 'failed' });
      });
    });
  } finally {
    provider.destroy();
    await local.destroy();
    ydoc.destroy();
  }
}
