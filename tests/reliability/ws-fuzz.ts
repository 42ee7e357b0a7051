import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { RawClient, syncFrame, awarenessFrame } from '../support/collab.ts';

/**
 * Generated WebSocket frames for a page's collaboration socket: well-framed y-protocol messages
 * with random content, truncated numbers, huge length headers, and Yjs updates that decode but
 * are hostile (deep nesting, huge clocks, deletions of ranges nobody wrote). Sent from several
 * attacker sockets that reconnect whenever the server closes them.
 */
const varUint = (n: number): number[] => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return [...encoding.toUint8Array(e)];
};

function deeplyNested(depth: number): Uint8Array {
  const doc = new Y.Doc();
  let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('prosemirror');
  for (let i = 0; i < depth; i++) {
    const child: Y.XmlElement = new Y.XmlElement('blockquote');
    parent.insert(0, [child]);
    parent = child;
  }
  return Y.encodeStateAsUpdate(doc);
}

/** A one-struct update whose clock is moved to `clock`: its missing history can never arrive. */
function updateAtClock(clock: number, client: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  // v1 layout: [groups=1][structs][client][clock=0]…; only the clock is rewritten.
  const head = [...varUint(1), ...varUint(1), ...varUint(client)];
  const rest = update.slice(head.length + 1);
  return new Uint8Array([...head, ...varUint(clock), ...rest]);
}

/** An update with no structs that deletes `length` items of `client` from `clock` on. */
function deleteUnknown(client: number, clock: number, length: number): Uint8Array {
  return new Uint8Array([...varUint(0), ...varUint(1), ...varUint(client), ...varUint(1), ...varUint(clock), ...varUint(length)]);
}

const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
const bigNumber = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER));

export const hostileFrame: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  bytes(64),
  fc.string({ maxLength: 20 }),
  // Truncated varints and huge length headers in each message type.
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 9 })).map(([type, n]) => new Uint8Array([type, ...Array(n).fill(0xff)])),
  fc.tuple(fc.constantFrom(0, 1), bigNumber, bytes(8)).map(([type, length, tail]) => new Uint8Array([type, ...(type === 0 ? [2] : []), ...varUint(length), ...tail])),
  // Well-framed sync messages around random bodies.
  fc.tuple(fc.integer({ min: 0, max: 5 }), bytes(48)).map(([step, body]) => syncFrame(step, body)),
  // Unknown message types.
  fc.tuple(fc.integer({ min: 4, max: 300 }), bytes(16)).map(([type, body]) => new Uint8Array([...varUint(type), ...body])),
  // Awareness with odd clients, clocks and states.
  fc
    .array(fc.record({ client: bigNumber, clock: bigNumber, state: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 3 })) }), { maxLength: 5 })
    .map((entries) => awarenessFrame(entries)),
  // Updates that decode but are hostile.
  fc.integer({ min: 20, max: 400 }).map((depth) => syncFrame(2, deeplyNested(depth))),
  fc.tuple(bigNumber, fc.integer({ min: 1, max: 2 ** 30 })).map(([clock, client]) => syncFrame(2, updateAtClock(clock, client))),
  fc.tuple(fc.integer({ min: 1, max: 2 ** 30 }), bigNumber, bigNumber).map(([client, clock, length]) => syncFrame(2, deleteUnknown(client, clock, length))),
);

export interface WsFuzzResult {
  sent: number;
  connections: number;
  /** How often the server closed an attacker socket, by close code. */
  closes: Record<number, number>;
}

export async function fuzzCollabSocket(url: string, cookie: string, options: { frames: number; seed: number; sockets?: number; onBatch?: (sent: number) => Promise<void> }): Promise<WsFuzzResult> {
  const frames = fc.sample(hostileFrame, { numRuns: options.frames, seed: options.seed });
  const result: WsFuzzResult = { sent: 0, connections: 0, closes: {} };
  let next = 0;
  const attacker = async () => {
    while (next < frames.length) {
      const client = await new RawClient(url, cookie).ready();
      result.connections += 1;
      let open = true;
      void client.closed.then(({ code }) => {
        open = false;
        result.closes[code] = (result.closes[code] ?? 0) + 1;
      });
      while (open && next < frames.length) {
        client.send(frames[next++]!);
        result.sent += 1;
        if (result.sent % 500 === 0) await options.onBatch?.(result.sent);
        // Let the server answer (and close) before the next frame, as a real sender would have to.
        await new Promise((resolve) => setImmediate(resolve));
      }
      client.ws.close();
      await client.closed;
    }
  };
  await Promise.all(Array.from({ length: options.sockets ?? 4 }, attacker));
  return result;
}
