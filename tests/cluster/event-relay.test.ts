import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { relayChannel } from '../../server/src/cluster/event-relay.ts';
import { documentChannel, encodeRelayMessage } from '../../server/src/cluster/collab-relay.ts';
import * as Y from 'yjs';
import { firstParagraphText } from '@stafette/schema';
import { RelaySigner, relaySigner } from '../../server/src/cluster/relay-signer.ts';
import { loadConfig, type Config } from '../../server/src/config.ts';
import { type Database, openPostgres } from '../../server/src/db/database.ts';
import { bodyText, connectPeer, shortTimers, startCollabApp, synced, type CollabTestApp, type TestPeer, waitFor } from '../support/collab.ts';
import { type EventStream, openEventStream } from '../support/event-streams.ts';
import { member, seedPage } from '../support/seed.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { Client } from '../support/test-app.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Instance A (a CollabTestApp on a fresh PostgreSQL database) and instance B on the same database, both listening and subscribed. */
async function twoInstances(url: string, keyPrefix: string) {
  const redis: Partial<Config> = { redis: { url, keyPrefix } };
  const a = await startCollabApp('postgres', redis);
  // Instance B: connections of its own to the same database, as a second process has.
  const bDatabase = await openPostgres(a.database.url!);
  const b = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent', ...redis }, database: bDatabase, logger: false, loginLimiter: new LoginLimiter(), collab: shortTimers });
  await b.listen({ port: 0, host: '127.0.0.1' });
  const bBase = `127.0.0.1:${(b.server.address() as { port: number }).port}`;
  await bothSubscribed(a.app, b, keyPrefix);
  return { a, b, bDatabase, bBase };
}

/** Both instances connected to Redis and listening on the channel, so nothing published is missed. */
async function bothSubscribed(a: FastifyInstance, b: FastifyInstance, keyPrefix: string): Promise<void> {
  const channel = relayChannel(keyPrefix);
  await waitFor(() => a.redis!.available() && b.redis!.available(), 20_000, 'redis connected');
  let subscribers = 0;
  const poll = setInterval(() => {
    void a.redis!.client.pubsub('NUMSUB', channel).then(
      (r) => (subscribers = Number((r as [string, number])[1])),
      () => {},
    );
  }, 50);
  try {
    await waitFor(() => subscribers === 2, 20_000, 'both instances subscribed');
  } finally {
    clearInterval(poll);
  }
}

/**
 * Two instances on one PostgreSQL and the machine's Redis (a prefix of its own per run): what
 * happens through instance A reaches the sockets and event streams held by instance B.
 */
describe.runIf(process.env.DATABASE_URL)('events relayed between two instances', () => {
  const keyPrefix = `test-relay-${process.pid}-${Date.now()}:`;
  let a: CollabTestApp;
  let b: FastifyInstance;
  let bDatabase: Database;
  let bBase: string;
  const peers: TestPeer[] = [];
  const streams: EventStream[] = [];

  /** The same signed-in caller, talking to instance B (sessions live in the shared database). */
  const onB = (client: Client) => new Client(b, client.headers);
  const peerOnB = (pageId: string, cookie: string) => {
    const peer = connectPeer(`ws://${bBase}/collab`, pageId, { cookie });
    peers.push(peer);
    return peer;
  };
  const streamOnB = (path: string, cookie: string) => {
    const stream = openEventStream(`http://${bBase}${path}`, cookie);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    ({ a, b, bDatabase, bBase } = await twoInstances(REDIS_URL, keyPrefix));
  }, 60_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    for (const p of peers) p.destroy();
    await b?.close();
    await bDatabase?.close();
    await a?.close();
  });

  it('a demotion made through instance A turns an editor on instance B read-only within a second', async () => {
    const { spaceId, pageId } = await seedPage(a.database.db);
    const { client: owner } = await member(a, 'owner', spaceId);
    const { client: editor } = await member(a, 'editor', spaceId);
    const watcher = peerOnB(pageId, owner.headers.cookie!);
    const demoted = peerOnB(pageId, editor.headers.cookie!);
    await Promise.all([synced(watcher), synced(demoted)]);
    demoted.text.insert(0, 'vorher');
    await waitFor(() => bodyText(watcher.doc).includes('vorher'), 5000, 'edit arrives');

    const started = Date.now();
    expect((await owner.put(`/api/v1/spaces/${spaceId}/members/${editor.user.id}`, { role: 'reader' })).statusCode).toBe(200);
    await waitFor(() => demoted.permissionDenied.length === 1, 1000, 'demotion on B within a second');
    expect(Date.now() - started).toBeLessThan(1000);
    demoted.text.insert(0, 'nachher');
    await new Promise((r) => setTimeout(r, 300));
    expect(bodyText(watcher.doc)).not.toContain('nachher');
  });

  it('signing out everywhere on instance A closes the socket on instance B', async () => {
    const { spaceId, pageId } = await seedPage(a.database.db);
    const { client: editor } = await member(a, 'editor', spaceId);
    const second = await a.login(editor.user.email);
    const peer = peerOnB(pageId, editor.headers.cookie!);
    await synced(peer);
    expect((await second.post('/api/v1/auth/logout-everywhere')).statusCode).toBe(204);
    await waitFor(() => peer.closes.some((c) => c.code === 4401) && !peer.provider.shouldConnect, 5000, 'socket on B closed with 4401');
  });

  it('a mention in a comment made on instance A counts up the bell and the comment stream on instance B', async () => {
    const { spaceId, pageId } = await seedPage(a.database.db);
    const { client: author } = await member(a, 'editor', spaceId, { displayName: 'Anna' });
    const { client: mentioned } = await member(a, 'reader', spaceId, { displayName: 'Bernd' });
    const bell = streamOnB('/api/v1/notifications/stream', mentioned.headers.cookie!);
    const viewer = streamOnB(`/api/v1/pages/${pageId}/comments/stream`, mentioned.headers.cookie!);
    await Promise.all([bell.opened, viewer.opened]);
    await waitFor(() => bell.events.some((e) => e.event === 'count'), 5000, 'first count');
    expect(bell.events.at(-1)!.data).toEqual({ unread: 0 });

    const created = await author.post(`/api/v1/pages/${pageId}/comments`, { body: `Frag @[Bernd](${mentioned.user.id})` });
    expect(created.statusCode).toBe(201);
    await waitFor(() => (bell.events.at(-1)!.data as { unread: number }).unread === 1, 5000, 'count on B goes up');
    await waitFor(() => viewer.events.some((e) => e.event === 'comment'), 5000, 'comment event on B');
    expect(viewer.events.find((e) => e.event === 'comment')!.data).toEqual({ type: 'created', id: created.json().id, threadId: null });
    // The count is B's own reading of the shared database.
    expect((await onB(mentioned).get('/api/v1/notifications/stream')).json()).toEqual({ unread: 1 });
  });

  it('ignores forged, unsigned and malformed messages on the channel', async () => {
    const { spaceId, pageId } = await seedPage(a.database.db);
    const { client: editor } = await member(a, 'editor', spaceId);
    const peer = peerOnB(pageId, editor.headers.cookie!);
    const bell = streamOnB('/api/v1/notifications/stream', editor.headers.cookie!);
    await Promise.all([synced(peer), bell.opened]);
    await waitFor(() => bell.events.some((e) => e.event === 'count'), 5000, 'first count');
    const countEvents = () => bell.events.filter((e) => e.event === 'count').length;
    const before = countEvents();

    const channel = relayChannel(keyPrefix);
    const origin = '00000000-0000-4000-8000-000000000001';
    const forged = [
      'kein JSON',
      JSON.stringify({ v: 1, origin, kind: 'event', name: 'credentials.revoked', args: [editor.user.id] }),
      JSON.stringify({ v: 1, origin, kind: 'event', name: 'credentials.revoked', args: ['not-a-uuid', true] }),
      JSON.stringify({ v: 1, origin, kind: 'event', name: 'process.exit', args: [editor.user.id] }),
      JSON.stringify({ v: 2, origin, kind: 'event', name: 'credentials.revoked', args: [editor.user.id, true] }),
      JSON.stringify({ v: 1, origin, kind: 'event', name: 'credentials.revoked', args: [editor.user.id, true], extra: 1 }),
      JSON.stringify({ v: 1, origin, kind: 'notices', userIds: [editor.user.id], padding: 'x'.repeat(70_000) }),
      JSON.stringify({ v: 1, origin, kind: 'notices', userIds: Array.from({ length: 501 }, () => editor.user.id) }),
    ];
    const signer = await relaySigner(a.database.db);
    const signed = (message: string) => signer.sign(channel, Buffer.from(message));
    for (const message of forged) await a.app.redis!.client.publish(channel, signed(message));
    // Well-formed, but not signed with the instances' key, or signed for another channel: dropped too.
    const notice = JSON.stringify({ v: 1, origin, kind: 'notices', userIds: [editor.user.id] });
    await a.app.redis!.client.publish(channel, notice);
    await a.app.redis!.client.publish(channel, new RelaySigner(randomBytes(32)).sign(channel, Buffer.from(notice)));
    await a.app.redis!.client.publish(channel, signer.sign(`${channel}-other`, Buffer.from(notice)));
    // A well-formed, signed message after them still arrives: the instance kept listening.
    await a.app.redis!.client.publish(channel, signed(notice));
    await waitFor(() => countEvents() > before, 5000, 'the valid message after the forged ones');
    // Only that one: none of the forged notices was delivered, and nothing closed.
    await new Promise((r) => setTimeout(r, 300));
    expect(countEvents()).toBe(before + 1);
    expect(peer.closes).toEqual([]);
    expect(peer.provider.wsconnected).toBe(true);
    expect(bell.ended).toBe(false);
  });
  it('drops an edit published on a page channel without the instances\' signature', async () => {
    const { spaceId, pageId } = await seedPage(a.database.db);
    const { client: editor } = await member(a, 'editor', spaceId);
    const peer = peerOnB(pageId, editor.headers.cookie!);
    await synced(peer);
    const channel = documentChannel(keyPrefix, 'page', pageId);
    await expect.poll(async () => Number(((await a.app.redis!.client.pubsub('NUMSUB', channel)) as [string, number])[1]), { timeout: 10_000 }).toBe(1);
    /** An edit built on what the peer holds, as an attacker who can read the channel could. */
    const edit = (words: string) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(peer.doc));
      const before = Y.encodeStateVector(copy);
      firstParagraphText(copy).insert(0, words);
      return encodeRelayMessage(randomBytes(16), { kind: 0, updates: [Y.encodeStateAsUpdate(copy, before)] });
    };
    await a.app.redis!.client.publish(channel, edit('Eingeschleust '));
    await a.app.redis!.client.publish(channel, new RelaySigner(randomBytes(32)).sign(channel, edit('Gefälscht ')));
    await a.app.redis!.client.publish(documentChannel(keyPrefix, 'page', randomUUID()), (await relaySigner(a.database.db)).sign(channel, edit('Umgeleitet ')));
    // The same edit signed with the instances' key for this channel arrives: the forged ones were refused for their signature alone.
    await a.app.redis!.client.publish(channel, (await relaySigner(a.database.db)).sign(channel, edit('Signiert ')));
    await waitFor(() => bodyText(peer.doc).includes('Signiert'), 5000, 'signed edit');
    expect(bodyText(peer.doc)).not.toMatch(/Eingeschleust|Gefälscht|Umgeleitet/);
  });
});

describe.runIf(process.env.DATABASE_URL)('events while Redis is down', () => {
  it('stay on their instance without blocking anyone, and the counts catch up once Redis is back', async () => {
    const server = await startRedisServer();
    const keyPrefix = `test-relay-down-${Date.now()}:`;
    const { a, b, bDatabase, bBase } = await twoInstances(server.url, keyPrefix);
    const streams: EventStream[] = [];
    try {
      const { spaceId, pageId } = await seedPage(a.database.db);
      const { client: owner } = await member(a, 'owner', spaceId);
      const { client: editor } = await member(a, 'editor', spaceId, { displayName: 'Erika' });
      const onA = a.connect(pageId, { cookie: editor.headers.cookie! });
      const bell = openEventStream(`http://${bBase}/api/v1/notifications/stream`, editor.headers.cookie!);
      streams.push(bell);
      await Promise.all([synced(onA), bell.opened]);
      await waitFor(() => bell.events.some((e) => e.event === 'count'), 5000, 'first count');

      await server.stop();
      await waitFor(() => !a.app.redis!.available() && !b.redis!.available(), 10_000, 'redis down on both');
      // The instance where the change happens still acts on it at once.
      expect((await owner.put(`/api/v1/spaces/${spaceId}/members/${editor.user.id}`, { role: 'reader' })).statusCode).toBe(200);
      await waitFor(() => onA.permissionDenied.length === 1, 1000, 'demotion on A while Redis is down');
      const mention = await owner.post(`/api/v1/pages/${pageId}/comments`, { body: `Frag @[Erika](${editor.user.id})` });
      expect(mention.statusCode).toBe(201);

      // B did not hear of the mention; once Redis is back it sends the counts again.
      expect(bell.events.at(-1)!.data).toEqual({ unread: 0 });
      await server.start();
      await bothSubscribed(a.app, b, keyPrefix);
      await waitFor(() => (bell.events.at(-1)!.data as { unread: number }).unread === 1, 10_000, 'count on B caught up');
      // And events flow between the instances again.
      const onB = connectPeer(`ws://${bBase}/collab`, pageId, { cookie: editor.headers.cookie! });
      a.track(onB);
      await synced(onB);
      expect((await owner.delete(`/api/v1/spaces/${spaceId}/members/${editor.user.id}`)).statusCode).toBe(204);
      await waitFor(() => onB.closes.some((c) => c.code === 4401), 1000, 'removal reaches B again');
    } finally {
      for (const s of streams) s.close();
      await b.close();
      await bDatabase.close();
      await a.close();
      await server.stop();
    }
  }, 90_000);
});
