import * as Y from 'yjs';
import { decodeMessage, encodeSyncStep2, encodeUpdate } from './protocol.ts';
import { applyUpdates } from './room.ts';
import { checkUpdate, stateVectorOf } from './validate-update.ts';
import { frameBinary } from './ws-frame.ts';

/** Keystrokes typed in the warm-up: enough for V8 to optimise the per-edit path. */
const WARM_UP_EDITS = 500;
/** Updates merged per relayed frame on busy pages (room.ts RELAY_MERGE). */
const MERGE = 64;
/** The throwaway document is shaped like a page body. */
const ROOT = 'prosemirror';
const kind = { allowsRoot: (root: string) => root === ROOT };

/**
 * Runs the per-edit path of the collaboration server on a throwaway document before the first
 * client connects: decoding a client's message, validating its update, framing the relay,
 * applying committed updates, merging a busy page's relay and encoding a sync reply. Without it
 * the first seconds of live editing after a start ran that code unoptimised and compiled it
 * on the same core (the first 3 s of typing on a fresh server took 2–3× the main-thread CPU of
 * later rounds, `bench/collab-fanout --profile`; how much of that this removes is open, see
 * README.md "Warm-up at start"). No storage, no sockets; ~0.05–0.2 s once.
 */
export function warmUpEditPath(): void {
  const writer = new Y.Doc();
  const server = new Y.Doc({ gc: true });
  try {
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    const paragraph = new Y.XmlElement('paragraph');
    writer.getXmlFragment(ROOT).insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    for (let i = 0; i < WARM_UP_EDITS; i++) {
      // Typing at the end, with the odd correction, like the edits of a real page.
      if (i % 10 === 9) text.delete(text.length - 1, 1);
      else text.insert(text.length, `e${i} `.padEnd(25, 'x'));
    }
    const known = stateVectorOf(server);
    const accepted: Uint8Array[] = [];
    for (const update of updates) {
      // As a socket delivers it: a Buffer holding a y-websocket message.
      const message = decodeMessage(Buffer.from(encodeUpdate(update)));
      if (message.type !== 'update') throw new Error('collab warm-up: unexpected message');
      const verdict = checkUpdate(message.update, known, kind);
      if (!verdict.ok) throw new Error(`collab warm-up: ${verdict.reason}`);
      for (const [client, clock] of verdict.advances) known.set(client, clock);
      frameBinary(encodeUpdate(message.update));
      accepted.push(message.update);
    }
    for (let i = 0; i < accepted.length; i += MERGE) frameBinary(encodeUpdate(Y.mergeUpdates(accepted.slice(i, i + MERGE))));
    // Committed as flushes hand them back: a few updates per page at a time.
    for (let i = 0; i < accepted.length; i += 1 + (i % 3)) {
      applyUpdates(server, accepted.slice(i, i + 1 + (i % 3)), (err) => {
        throw err;
      });
    }
    frameBinary(encodeSyncStep2(Y.encodeStateAsUpdate(server, Y.encodeStateVector(writer))));
  } finally {
    writer.destroy();
    server.destroy();
  }
}
