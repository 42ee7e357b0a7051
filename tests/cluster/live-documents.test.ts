import net from 'node:net';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, connectPeer, emptyBody, ensureParagraph, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { TAKEOVER_MS } from '../../server/src/collab/room.ts';
import { addMember, seedPage, seedSpace } from '../support/seed.ts';
import { type Cluster, collabUrl, healthOf, type Instance, signedInUser, startCluster } from '../support/instances.ts';
import { killed } from '../support/server-process.ts';

interface Person {
  id: string;
  cookie: string;
  csrf: string;
}

/**
 * A TCP balancer in front of the instances, as Caddy in the compose file: each connection goes
 * to the next instance still alive, so a client of a killed instance reconnects to a survivor.
 */
async function balancer(ports: () => number[]): Promise<{ port: number; close(): void }> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const alive = ports();
    const target = net.connect(alive[next++ % alive.length]!, '127.0.0.1');
    sockets.add(client).add(target);
    client.pipe(target).pipe(client);
    const end = () => {
      client.destroy();
      target.destroy();
      sockets.delete(client);
      sockets.delete(target);
    };
    client.on('error', end).on('close', end);
    target.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const words = (doc: Y.Doc) => new Set(bodyText(doc).split(/[\s|]+/).filter(Boolean));

/**
 * Three server processes on one PostgreSQL and one Redis of the test's own: a page is live on
 * every instance serving it (edits, presence, access changes), survives Redis going away and
 * one instance dying.
 */
describe.runIf(process.env.DATABASE_URL)('live pages across three instances (child processes, one PostgreSQL, one Redis)', () => {
  let cluster: Cluster;
  let redis: Cluster['redis'];
  let database: Cluster['database'];
  const instances: Instance[] = [];
  const peers: TestPeer[] = [];
  let owner: Person;
  let editor: Person;
  let spaceId: string;

  const url = (i: number) => collabUrl(instances[i]!);
  const peer = (base: string, pageId: string, who: Person) => {
    const p = connectPeer(base, pageId, { cookie: who.cookie });
    peers.push(p);
    return p;
  };
  const person = (name: string): Promise<Person> => signedInUser(database, name);

  beforeAll(async () => {
    cluster = await startCluster(3, 'live');
    ({ redis, database } = cluster);
    instances.push(...cluster.instances);
    owner = await person('Olga');
    editor = await person('Emil');
    spaceId = await seedSpace(database.db, { name: 'Ordnungsamt', owners: [owner.id], editors: [editor.id] });
  }, 240_000);

  afterAll(async () => {
    for (const p of peers) p.destroy();
    await cluster?.stop();
  });

  it('clients on three instances see each other’s edits, also concurrent ones in the same paragraph, and every edit is stored once', async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const a = peer(url(0), pageId, editor);
    await synced(a);
    a.text.insert(0, 'Antrag ');
    // B and C start empty and type into A's paragraph.
    const [b, c] = [emptyBody(peer(url(1), pageId, owner)), emptyBody(peer(url(2), pageId, editor))];
    await Promise.all([synced(b), synced(c)]);
    await waitFor(() => bodyText(b.doc).includes('Antrag') && bodyText(c.doc).includes('Antrag'), 5000, 'edit on A reaches B and C');
    // The same paragraph at the same moment on all three.
    a.text.insert(0, 'eins ');
    ensureParagraph(b.doc).insert(0, 'zwei ');
    ensureParagraph(c.doc).insert(0, 'drei ');
    await waitFor(() => [a, b, c].every((p) => ['eins', 'zwei', 'drei', 'Antrag'].every((w) => bodyText(p.doc).includes(w))), 5000, 'concurrent edits everywhere');
    await waitFor(() => bodyText(a.doc) === bodyText(b.doc) && bodyText(b.doc) === bodyText(c.doc), 5000, 'one order everywhere');
    expect(a.doc.getXmlFragment('prosemirror').length).toBe(1);

    // Relayed before their commits: stored a moment later.
    await waitFor(async () => bodyText(await storedDoc(database.db, pageId)) === bodyText(a.doc), 5000, 'every edit stored');
    // Each instance stored only its own clients' updates (about eight: A's paragraph and four
    // words, B's and C's emptied starts); storing relayed ones too would be three times that.
    // Counted once an instance would have stored relayed updates it had not seen confirmed.
    await new Promise((r) => setTimeout(r, TAKEOVER_MS + 500));
    const rows = await database.db.selectFrom('page_updates').select(['updates']).where('page_id', '=', pageId).where('snapshot', '=', false).execute();
    expect(rows.reduce((n, r) => n + r.updates, 0)).toBeLessThanOrEqual(10);
  });

  it('presence crosses instances: a cursor shown on one instance appears on another under the user’s name, and goes when the socket closes', async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const a = peer(url(0), pageId, editor);
    const b = peer(url(1), pageId, owner);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('cursor', { anchor: 3 });
    const seenOnB = () => [...b.provider.awareness.getStates().entries()].find(([id]) => id === a.doc.clientID)?.[1] as { user?: { name?: string }; cursor?: unknown } | undefined;
    await waitFor(() => seenOnB()?.user?.name === 'Emil', 5000, 'presence of A on B');
    expect(seenOnB()!.cursor).toEqual({ anchor: 3 });

    // A late joiner on the third instance gets presence of both (a state at clock 0, the
    // provider's initial one, is ignored by y-protocols receivers: B shows a cursor too).
    b.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
    const c = peer(url(2), pageId, owner);
    await synced(c);
    await waitFor(() => c.provider.awareness.getStates().has(a.doc.clientID) && c.provider.awareness.getStates().has(b.doc.clientID), 5000, 'presence on C');

    a.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'A gone on B');
  });

  it('a demotion made through instance A makes an editor’s socket on instance B read-only within a second', async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const demotedUser = await person('Dora');
    await addMember(database.db, spaceId, demotedUser.id, 'editor');
    const watcher = peer(url(0), pageId, owner);
    const demoted = peer(url(1), pageId, demotedUser);
    await Promise.all([synced(watcher), synced(demoted)]);
    demoted.text.insert(0, 'vorher');
    await waitFor(() => bodyText(watcher.doc).includes('vorher'), 5000, 'edit arrives');

    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${instances[0]!.port}/api/v1/spaces/${spaceId}/members/${demotedUser.id}`, {
      method: 'PUT',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reader' }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => demoted.permissionDenied.length === 1, 1000, 'read-only on B within a second');
    expect(Date.now() - started).toBeLessThan(1000);
    demoted.text.insert(0, 'nachher');
    await new Promise((r) => setTimeout(r, 300));
    expect(bodyText(watcher.doc)).not.toContain('nachher');
  });

  it('an edit relayed before the page opened on another instance and committed after that instance read the log still reaches its clients', { timeout: 30_000 }, async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const b = peer(url(1), pageId, owner);
    await synced(b);
    b.text.insert(0, 'Anfang ');
    await waitFor(async () => bodyText(await storedDoc(database.db, pageId)).includes('Anfang'), 5000, 'the start stored');
    const blocker = new pg.Client({ connectionString: database.url! });
    await blocker.connect();
    let a: TestPeer;
    try {
      // Writes to the log wait behind this lock; reads do not.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE page_updates IN EXCLUSIVE MODE');
      // Relayed at once, while no instance but B has the page open; its commit waits.
      b.text.insert(b.text.length, 'früh ');
      await waitFor(async () => (await blocker.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rowCount! > 0, 10_000, 'B’s insert waits for the lock');
      a = peer(url(0), pageId, editor);
      await synced(a);
      expect(bodyText(a.doc)).toContain('Anfang');
      expect(bodyText(a.doc)).not.toContain('früh');
      // Builds on the edit A lacks: A cannot show it until it has that one.
      b.text.insert(b.text.length, 'spät');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    await waitFor(() => bodyText(a.doc).includes('Anfang früh spät'), 5000, 'both edits on A once B committed them');
  });

  it('Redis gone for 10 s while people type on two instances: both keep serving, say degraded, and converge without loss when it returns', { timeout: 60_000 }, async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const a = peer(url(0), pageId, editor);
    const b = peer(url(1), pageId, owner);
    await Promise.all([synced(a), synced(b)]);
    const typed: string[] = [];
    const type = (p: TestPeer, word: string) => {
      p.text.insert(p.text.length, `${word} `);
      typed.push(word);
    };

    await redis.stop();
    for (let i = 0; i < 20; i++) {
      type(a, `a${i}`);
      type(b, `b${i}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await healthOf(instances[0]!)).toBe('degraded');
    expect(await healthOf(instances[1]!)).toBe('degraded');
    // Each instance kept serving its own client: its edits are stored.
    const during = words(await storedDoc(database.db, pageId));
    expect(typed.every((w) => during.has(w))).toBe(true);

    await redis.start();
    await waitFor(() => [a, b].every((p) => typed.every((w) => words(p.doc).has(w))), 20_000, 'both clients have every edit');
    await waitFor(() => bodyText(a.doc) === bodyText(b.doc), 5000, 'same document');
    // And they are live again.
    type(a, 'danach');
    await waitFor(() => words(b.doc).has('danach'), 10_000, 'relay works again');
  });

  it('kill -9 of one of three instances while 50 clients type: they reconnect to the survivors, every edit is stored, all converge', { timeout: 90_000 }, async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const alive = new Set([0, 1, 2]);
    const lb = await balancer(() => [...alive].map((i) => instances[i]!.port));
    try {
      const typists = Array.from({ length: 50 }, () => ({ peer: peer(`ws://127.0.0.1:${lb.port}/collab`, pageId, editor), words: [] as string[] }));
      await Promise.all(typists.map((t) => synced(t.peer, 30_000)));
      let typing = true;
      const loops = typists.map(async (t, i) => {
        for (let n = 0; typing; n++) {
          const word = `k${i}w${n}`;
          t.peer.text.insert(t.peer.text.length, `${word} `);
          t.words.push(word);
          await new Promise((r) => setTimeout(r, 150 + ((i * 37) % 100)));
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      alive.delete(2);
      await killed(instances[2]!.server.child, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 2500));
      typing = false;
      await Promise.all(loops);

      const all = typists.flatMap((t) => t.words);
      expect(all.length).toBeGreaterThan(300);
      await waitFor(() => typists.every((t) => t.peer.provider.wsconnected), 30_000, 'everyone reconnected');
      await waitFor(() => typists.every((t) => words(t.peer.doc).size >= all.length), 30_000, 'every client has every edit');
      const text = bodyText(typists[0]!.peer.doc);
      expect(typists.every((t) => bodyText(t.peer.doc) === text)).toBe(true);
        for (const until = Date.now() + 10_000; Date.now() < until; ) {
        const stored = words(await storedDoc(database.db, pageId));
        if (all.every((w) => stored.has(w))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const stored = words(await storedDoc(database.db, pageId));
      expect(all.filter((w) => !stored.has(w))).toEqual([]);
    } finally {
      lb.close();
    }
  });

  // Runs after the kill test: instance 2 is gone, 0 and 1 remain.
  it('an edit reaches the other instance before its commit, and is stored by that instance when the first dies with the commit in flight', { timeout: 60_000 }, async () => {
    const { pageId } = await seedPage(database.db, { spaceId });
    const a = peer(url(0), pageId, editor);
    const b = peer(url(1), pageId, owner);
    await Promise.all([synced(a), synced(b)]);
    // Each client's opening paragraph is stored first: only the edit below is to be in flight.
    await waitFor(async () => (await storedDoc(database.db, pageId)).getXmlFragment('prosemirror').length === 2, 15_000, 'both openings stored');
    // Writes to the log wait behind this lock: instance A's commit stays in flight.
    const blocker = new pg.Client({ connectionString: database.url! });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE page_updates IN EXCLUSIVE MODE');
      a.text.insert(0, 'Vorläufig');
      // Generous: with the whole suite running, the instances may still be storing what they took over from the instance the test before killed.
      await waitFor(() => bodyText(b.doc).includes('Vorläufig'), 15_000, 'the edit on A reaches B while A has not committed it');
      expect(bodyText(await storedDoc(database.db, pageId))).not.toContain('Vorläufig');
      // A dies; its insert, still waiting for the lock, dies with it (as the connection of a dead process would).
      const waiting = async () => (await blocker.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows;
      await waitFor(async () => (await waiting()).length > 0, 15_000, 'A’s insert waits for the lock');
      const pids = (await waiting()).map((r) => r.pid);
      await killed(instances[0]!.server.child, 'SIGKILL');
      for (const pid of pids) await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    // Nobody sends the edit again (A's client has no server; B's is connected to the instance
    // that has it): B stores it once A has not confirmed it in time.
    await waitFor(async () => bodyText(await storedDoc(database.db, pageId)).includes('Vorläufig'), 15_000, 'B stores the edit A never committed');
  });
});
