import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CollabServer } from '../collab/collab-server.ts';
import type { DocumentRelay, RemoteReceiver } from '../collab/document-relay.ts';
import type { AwarenessEntry } from '../collab/protocol.ts';
import { redisBudgetStore } from './shared-user-budget.ts';
import { closeConnection, subscriberConnection } from './subscriber.ts';

/**
 * Live documents across instances: each open document has a Redis channel
 * (`<prefix>collab:<kind>:<id>`) on which the instances serving it publish their clients'
 * updates as soon as they are accepted (numbered), a confirmation once they are committed, and
 * presence. Each instance stores only what its own clients sent; the others apply and forward
 * it, and store what stays unconfirmed (the sender died with its commit in flight: room.ts
 * `takeOver`). Every message is signed for its channel (relay-signer.ts); what does not carry a
 * valid tag is dropped.
 *
 * Gaps are closed from the log, the store of record: an instance that was cut off (its
 * subscriber reconnected) reads every open document's log again and sends its clients the
 * difference; one that could not publish some commits asks the others to read the log of
 * those documents once it can publish again; a relayed update that builds on something never
 * received makes the document read its log (room.ts).
 */

/** Message kinds (byte 17 of a message). UPDATES (committed updates) is still read from instances of earlier versions. */
const UPDATES = 0;
const PRESENCE = 1;
const PRESENCE_QUERY = 2;
const CATCH_UP = 3;
const ACCEPTED = 4;
const COMMITTED = 5;
const VERSION = 1;
const ORIGIN_BYTES = 16;
const HEADER_BYTES = 2 + ORIGIN_BYTES;
/** Entries per presence message (as the socket limit, so states never pile up in one message). */
const PRESENCE_ENTRIES = 100;
/** Longest a document's opening waits for its subscription. */
const SUBSCRIBE_WAIT_MS = 5_000;
/** Longest message taken from the channel (a client message is at most 16 MiB, a batch 64 of them merged). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

type Message =
  | { kind: typeof UPDATES; updates: Uint8Array[] }
  | { kind: typeof ACCEPTED; seq: number; committed: number; updates: Uint8Array[] }
  | { kind: typeof COMMITTED; seq: number }
  | { kind: typeof PRESENCE; entries: AwarenessEntry[] }
  | { kind: typeof PRESENCE_QUERY | typeof CATCH_UP };

export function encodeRelayMessage(origin: Buffer, message: Message): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, VERSION);
  encoding.writeUint8Array(encoder, origin);
  encoding.writeUint8(encoder, message.kind);
  if (message.kind === ACCEPTED || message.kind === COMMITTED) encoding.writeVarUint(encoder, message.seq);
  if (message.kind === ACCEPTED) encoding.writeVarUint(encoder, message.committed);
  if (message.kind === UPDATES || message.kind === ACCEPTED) {
    encoding.writeVarUint(encoder, message.updates.length);
    for (const update of message.updates) encoding.writeVarUint8Array(encoder, update);
  } else if (message.kind === PRESENCE) {
    encoding.writeVarUint(encoder, message.entries.length);
    for (const { client, clock, json } of message.entries) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, json);
    }
  }
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** The message and its origin, or null when it is not one (wrong version, truncated, unknown kind). */
export function decodeRelayMessage(data: Buffer): { origin: Buffer; message: Message } | null {
  if (data.length < HEADER_BYTES || data.length > MAX_MESSAGE_BYTES || data[0] !== VERSION) return null;
  const origin = data.subarray(1, 1 + ORIGIN_BYTES);
  const kind = data[1 + ORIGIN_BYTES];
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset + HEADER_BYTES, data.length - HEADER_BYTES));
  try {
    let message: Message;
    const readUpdates = () => {
      const count = decoding.readVarUint(decoder);
      if (count > data.length) throw new RangeError('more updates than bytes');
      return Array.from({ length: count }, () => decoding.readVarUint8Array(decoder));
    };
    if (kind === UPDATES) {
      message = { kind, updates: readUpdates() };
    } else if (kind === ACCEPTED) {
      const seq = decoding.readVarUint(decoder);
      const committed = decoding.readVarUint(decoder);
      message = { kind, seq, committed, updates: readUpdates() };
    } else if (kind === COMMITTED) {
      message = { kind, seq: decoding.readVarUint(decoder) };
    } else if (kind === PRESENCE) {
      const count = decoding.readVarUint(decoder);
      if (count > PRESENCE_ENTRIES) return null;
      const entries = Array.from({ length: count }, () => ({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) }));
      message = { kind, entries };
    } else if (kind === PRESENCE_QUERY || kind === CATCH_UP) {
      message = { kind };
    } else {
      return null;
    }
    if (decoding.hasContent(decoder)) return null;
    return { origin, message };
  } catch {
    return null;
  }
}

/** The channel of one document of one kind. */
export const documentChannel = (keyPrefix: string, kind: string, documentId: string) => `${keyPrefix}collab:${kind}:${documentId}`;

/**
 * The relay of one collaboration server over Redis: publishes on the shared command connection
 * (`app.redis`), receives on a subscriber connection of its own.
 */
function redisRelay(app: FastifyInstance, kind: string, receiver: RemoteReceiver): DocumentRelay {
  const shared = app.redis!;
  const { signer } = shared;
  const { url, keyPrefix } = app.config.redis;
  const origin = randomBytes(ORIGIN_BYTES);
  const channelPrefix = documentChannel(keyPrefix, kind, '');
  const channel = (documentId: string) => channelPrefix + documentId;
  const joined = new Set<string>();
  /** Documents whose commits could not be published: the others are told to read their log. */
  const unpublished = new Set<string>();
  let warned = false;

  // What the documents publish in one turn of the event loop goes to Redis in one pipeline:
  // one write, not one per message. With the instances and Redis sharing cores, each write woke
  // Redis and then the other instances once per message, and the switches set the latency tail.
  let outbox: { documentId: string; name: string; accepted: boolean; payload: Buffer }[] = [];
  const failed = (accepted: boolean, documentId: string, err: unknown) => {
    if (accepted) unpublished.add(documentId);
    if (!warned) app.log.warn({ err }, 'collab: relaying to the other instances failed; they catch up from the log');
    warned = true;
  };
  const flush = () => {
    const batch = outbox;
    outbox = [];
    const pipeline = shared.client.pipeline();
    for (const { name, payload } of batch) pipeline.publish(name, payload);
    pipeline.exec().then(
      (results) => {
        warned = false;
        results?.forEach(([err], i) => err && failed(batch[i]!.accepted, batch[i]!.documentId, err));
      },
      (err: unknown) => {
        for (const { accepted, documentId } of batch) failed(accepted, documentId, err);
      },
    );
  };
  const publish = (documentId: string, message: Message) => {
    if (!shared.available()) {
      if (message.kind === ACCEPTED) unpublished.add(documentId);
      return;
    }
    const name = channel(documentId);
    outbox.push({ documentId, name, accepted: message.kind === ACCEPTED, payload: signer.sign(name, encodeRelayMessage(origin, message)) });
    if (outbox.length === 1) setImmediate(flush);
  };
  shared.client.on('ready', () => {
    const documents = [...unpublished];
    unpublished.clear();
    for (const documentId of documents) if (joined.has(documentId)) publish(documentId, { kind: CATCH_UP });
  });

  // Subscribed again on each 'ready' below, followed by a resync.
  const subscriber = subscriberConnection(url!);
  let connectedBefore = false;
  subscriber.on('ready', () => {
    const channels = [...joined].map(channel);
    const subscribed = channels.length > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    subscribed.then(
      () => {
        // Back after an outage (or documents opened before the first connection): what was
        // committed elsewhere meanwhile is in the log.
        if (connectedBefore || channels.length > 0) receiver.resync();
        connectedBefore = true;
      },
      (err: unknown) => app.log.warn({ err }, 'collab: subscribing to the document channels failed'),
    );
  });
  subscriber.on('messageBuffer', (from: Buffer, data: Buffer) => {
    const name = from.toString();
    if (!name.startsWith(channelPrefix)) return;
    const documentId = name.slice(channelPrefix.length);
    if (!joined.has(documentId)) return;
    const opened = signer.open(name, data, MAX_MESSAGE_BYTES);
    if (!opened) {
      app.log.warn({ bytes: data.length }, 'collab: dropped a message without a valid signature on a document channel');
      return;
    }
    const decoded = decodeRelayMessage(opened);
    if (!decoded) {
      app.log.warn({ bytes: data.length }, 'collab: dropped a malformed message on a document channel');
      return;
    }
    if (decoded.origin.equals(origin)) return;
    const { message } = decoded;
    if (message.kind === ACCEPTED) receiver.updates(documentId, message.updates, { origin: decoded.origin.toString('hex'), seq: message.seq, committed: message.committed });
    else if (message.kind === COMMITTED) receiver.committed(documentId, decoded.origin.toString('hex'), message.seq);
    else if (message.kind === UPDATES) receiver.updates(documentId, message.updates);
    else if (message.kind === PRESENCE) receiver.presence(documentId, message.entries);
    else if (message.kind === PRESENCE_QUERY) receiver.presenceQuery(documentId);
    else receiver.catchUp(documentId);
  });
  subscriber.connect().catch(() => {
    // The retry strategy keeps trying.
  });

  return {
    async join(documentId) {
      joined.add(documentId);
      if (subscriber.status !== 'ready') return;
      // Bounded: a Redis that stops answering must not hold up opening the document (what
      // arrives unsubscribed is caught up from the log when the subscriber reconnects).
      await Promise.race([subscriber.subscribe(channel(documentId)).catch(() => {}), new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS).unref())]);
    },
    leave(documentId) {
      joined.delete(documentId);
      unpublished.delete(documentId);
      if (subscriber.status === 'ready') subscriber.unsubscribe(channel(documentId)).catch(() => {});
    },
    accepted: (documentId, updates, seq, committed) => publish(documentId, { kind: ACCEPTED, seq, committed, updates }),
    committed: (documentId, seq) => publish(documentId, { kind: COMMITTED, seq }),
    presence(documentId, entries) {
      for (let i = 0; i < entries.length; i += PRESENCE_ENTRIES) publish(documentId, { kind: PRESENCE, entries: entries.slice(i, i + PRESENCE_ENTRIES) });
    },
    queryPresence: (documentId) => publish(documentId, { kind: PRESENCE_QUERY }),
    close: () => closeConnection(subscriber),
  };
}

/**
 * With `REDIS_URL` set, every collaboration server (pages, interviews) shares its open documents
 * with the other instances, and the users' collaboration budgets are counted across them.
 */
export const collabRelayPlugin = fp(
  async function collabRelay(app: FastifyInstance) {
    if (!app.redis) return;
    app.collabBudget.share(redisBudgetStore(app.redis));
    const servers: CollabServer[] = [app.collab, app.interviewCollab];
    const relays = servers.map((server) => server.attachRelay((receiver, kind) => redisRelay(app, kind, receiver)));
    app.addHook('onClose', async () => {
      await Promise.allSettled(relays.map((relay) => relay.close()));
    });
  },
  { name: 'cluster-collab-relay', dependencies: ['cluster-redis', 'collab'] },
);
