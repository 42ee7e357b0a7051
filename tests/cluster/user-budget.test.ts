import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, connectPeer, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { addMember, seedPage, seedSpace } from '../support/seed.ts';
import { type Cluster, collabUrl, type Instance, signedInUser, startCluster, untilHealth } from '../support/instances.ts';

const TOO_MANY_MESSAGES = 'too many messages for this user';
const TOO_MANY_SOCKETS = 'too many open documents for this user';
const cutFor = (peer: TestPeer, reason: string) => peer.closes.some((c) => c.code === 4529 && c.reason === reason);

/** Types `count` characters, one update (one message) each. */
function type(peer: TestPeer, count: number, ch = 'x'): void {
  for (let i = 0; i < count; i++) peer.text.insert(peer.text.length, ch);
}

/**
 * Two server processes on one PostgreSQL and one Redis of the test's own, with a small budget
 * per user (1,000 messages per 10-second window, 6 sockets): a user's sockets on both instances
 * count together, and without Redis each instance counts its own and keeps serving.
 */
describe.runIf(process.env.DATABASE_URL)('a user’s collaboration budget across two instances (child processes, one Redis)', () => {
  let cluster: Cluster;
  let redis: Cluster['redis'];
  let database: Cluster['database'];
  const instances: Instance[] = [];
  const peers: TestPeer[] = [];
  let spaceId: string;

  const url = (i: number) => collabUrl(instances[i]!);
  const person = async (name: string): Promise<string> => {
    const user = await signedInUser(database, name);
    await addMember(database.db, spaceId, user.id, 'editor');
    return user.cookie;
  };
  const tab = async (instance: number, cookie: string, pageId?: string) => {
    const p = connectPeer(url(instance), pageId ?? (await seedPage(database.db, { spaceId })).pageId, { cookie });
    peers.push(p);
    return p;
  };

  beforeAll(async () => {
    cluster = await startCluster(2, 'budget', {
      STAFETTE_COLLAB_USER_MESSAGES_PER_SECOND: '100',
      STAFETTE_COLLAB_USER_MESSAGE_WINDOW_SECONDS: '10',
      STAFETTE_COLLAB_USER_MAX_SOCKETS: '6',
    });
    ({ redis, database } = cluster);
    instances.push(...cluster.instances);
    spaceId = await seedSpace(database.db, { name: 'Bürgerbüro' });
  }, 240_000);

  afterAll(async () => {
    for (const p of peers) p.destroy();
    await cluster?.stop();
  });

  it('counts a user’s messages on both instances together: 700 on each is over the 1,000, another user’s 300 on each is not', { timeout: 60_000 }, async () => {
    const [flooder, typist] = await Promise.all([person('Fritz'), person('Tina')]);
    const mine = await Promise.all([tab(0, flooder), tab(1, flooder)]);
    const theirs = await Promise.all([tab(0, typist), tab(1, typist)]);
    await Promise.all([...mine, ...theirs].map((p) => synced(p)));

    for (const p of mine) type(p, 700);
    for (const p of theirs) type(p, 300);
    // Keystrokes go on on both tabs until the instances have settled with Redis; alone, each
    // instance would let 1,000 through before cutting.
    for (const until = Date.now() + 15_000; !mine.some((p) => cutFor(p, TOO_MANY_MESSAGES)) && Date.now() < until; ) {
      for (const p of [...mine, ...theirs]) if (p.provider.wsconnected) type(p, 1, 'y');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mine.some((p) => cutFor(p, TOO_MANY_MESSAGES))).toBe(true);
    expect(theirs.every((p) => p.closes.length === 0)).toBe(true);
  });

  it('counts a user’s open sockets on both instances together: with 4 open on one, 2 more open on the other and 2 are refused', { timeout: 60_000 }, async () => {
    const cookie = await person('Sabine');
    const { pageId } = await seedPage(database.db, { spaceId });
    const first = await Promise.all(Array.from({ length: 4 }, () => tab(0, cookie, pageId)));
    await Promise.all(first.map((p) => synced(p)));
    const second = await Promise.all(Array.from({ length: 4 }, () => tab(1, cookie, pageId)));
    await waitFor(() => second.filter((p) => cutFor(p, TOO_MANY_SOCKETS)).length === 2, 15_000, 'two refused on the second instance');
    const admitted = second.filter((p) => !cutFor(p, TOO_MANY_SOCKETS));
    await Promise.all(admitted.map((p) => synced(p)));
    expect(admitted).toHaveLength(2);
    expect(first.every((p) => p.closes.length === 0)).toBe(true);
  });

  it('with Redis stopped both instances keep serving and count on their own', { timeout: 60_000 }, async () => {
    const cookie = await person('Otto');
    await redis.stop();
    try {
      for (const instance of instances) await untilHealth(instance, 'degraded');
      // Four sockets on each instance: within the 6 each counts alone, though 8 together.
      const pageIds = await Promise.all(Array.from({ length: 2 }, async () => (await seedPage(database.db, { spaceId })).pageId));
      const tabs = await Promise.all([0, 0, 0, 0, 1, 1, 1, 1].map((instance, i) => tab(instance, cookie, pageIds[i % 2])));
      await Promise.all(tabs.map((p) => synced(p)));
      // 700 keystrokes on each instance: within the 1,000 each counts alone; every one is stored.
      type(tabs[0]!, 700, 'a');
      type(tabs[5]!, 700, 'b');
      // Tabs 0 and 2 share a page on the first instance, 5 and 7 one on the second.
      await waitFor(() => bodyText(tabs[2]!.doc).includes('a'.repeat(700)) && bodyText(tabs[7]!.doc).includes('b'.repeat(700)), 15_000, 'edits relayed on each instance');
      for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const stored = await Promise.all(pageIds.map(async (id) => bodyText(await storedDoc(database.db, id))));
        if (stored[0]!.includes('a'.repeat(700)) && stored[1]!.includes('b'.repeat(700))) break;
      }
      expect(bodyText(await storedDoc(database.db, pageIds[0]!))).toContain('a'.repeat(700));
      expect(bodyText(await storedDoc(database.db, pageIds[1]!))).toContain('b'.repeat(700));
      expect(tabs.every((p) => p.closes.length === 0)).toBe(true);
      // Still a budget: 1,100 more on one instance are cut there.
      type(tabs[1]!, 1100, 'c');
      await waitFor(() => tabs.slice(0, 4).some((p) => cutFor(p, TOO_MANY_MESSAGES)), 15_000, 'cut by the local count');
    } finally {
      await redis.start();
    }
  });
});
