/**
 * Notices local edits the server refused. The server drops a reader's updates after telling
 * them "permission-denied"; a user demoted while they edited offline would otherwise lose those
 * edits without a word. We know what the server has from its sync step 1 (its state vector,
 * sent on every connect) plus the updates it sent since; anything in the local document beyond
 * that, while the server refuses our updates, was not saved.
 *
 * Only insertions are detected: a state vector does not describe deletions.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;

type Clocks = Map<number, number>;

function mergeClocks(into: Clocks, from: Clocks): void {
  for (const [client, clock] of from) if ((into.get(client) ?? 0) < clock) into.set(client, clock);
}

/** True when `update` adds content (not only a delete set). */
function addsContent(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length > 0;
}

export interface RefusedEditsWatch {
  /** Call when the server sent permission-denied on the current connection. */
  denied(): void;
  /** Call when the server closed for good (access revoked, page deleted). */
  closedForGood(): void;
  dispose(): void;
}

/**
 * `onRefused` gets the local edits the server did not take as a Yjs update against the
 * server's state, or null when nothing is (or no longer is) refused.
 */
export function watchRefusedEdits(provider: WebsocketProvider, ydoc: Y.Doc, onRefused: (unsent: Uint8Array | null) => void): RefusedEditsWatch {
  let serverClocks: Clocks | null = null;
  let lastKnownClocks: Clocks | null = null;
  let denied = false;
  let verified = false;
  let disposed = false;

  const evaluate = () => {
    if (disposed || !denied || !serverClocks) return;
    const unsent = Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(serverClocks));
    if (!addsContent(unsent)) return onRefused(null);
    if (!verified) {
      // Edits accepted since this connection's sync step 1 look unsent from here (the server
      // does not echo them). One fresh connection brings a current state vector to compare.
      verified = true;
      setTimeout(() => {
        if (disposed) return;
        provider.disconnect();
        provider.connect();
      }, 0);
      return;
    }
    onRefused(unsent);
  };

  const syncHandler = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder: encoding.Encoder, decoder: decoding.Decoder, p: WebsocketProvider, emitSynced: boolean, messageType: number) => {
    const peek = decoding.createDecoder(decoder.arr);
    peek.pos = decoder.pos;
    if (decoding.readVarUint(peek) === SYNC_STEP_1) {
      const clocks = Y.decodeStateVector(decoding.readVarUint8Array(peek));
      if (denied && serverClocks) {
        // A second step 1 on the same connection: the server takes our edits again.
        denied = false;
        onRefused(null);
      }
      serverClocks = clocks;
      lastKnownClocks = new Map(clocks);
      evaluate();
    }
    syncHandler(encoder, decoder, p, emitSynced, messageType);
  };

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) return;
    const clocks = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
    if (serverClocks) mergeClocks(serverClocks, clocks);
    if (lastKnownClocks) mergeClocks(lastKnownClocks, clocks);
  };
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') return;
    serverClocks = null;
    denied = false;
  };
  ydoc.on('update', onUpdate);
  provider.on('status', onStatus);

  return {
    denied() {
      denied = true;
      evaluate();
    },
    closedForGood() {
      if (!lastKnownClocks) return;
      const unsent = Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(lastKnownClocks));
      if (addsContent(unsent)) onRefused(unsent);
    },
    dispose() {
      disposed = true;
      ydoc.off('update', onUpdate);
      provider.off('status', onStatus);
    },
  };
}
