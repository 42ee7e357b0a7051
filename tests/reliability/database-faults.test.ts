import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { type Database, openPostgres } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { createSession } from '../../server/src/auth/sessions.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { bodyText, connectPeer, shortTimers, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { ownPostgres, type OwnPostgres } from '../support/own-postgres.ts';
import { recordReliability } from './report.ts';

/**
 * The database goes away under the server while people type: every connection cut, then
 * PostgreSQL stopped for 10 s. The server stays up and says it is degraded, sockets are closed
 * with codes the clients retry on, and when the database is back every edit is stored and all
 * replicas converge. On a cluster of the test's own: the machine's PostgreSQL is never touched.
 */
const OUTAGE_MS = Number(process.env.STAFETTE_DB_OUTAGE_MS ?? 10_000);

describe.runIf(process.env.DATABASE_URL)('PostgreSQL faults while people type', () => {
  let cluster: OwnPostgres;
  let database: Database;
  let app: FastifyInstance;
  let peers: { peer: TestPeer; pageId: string; words: string[] }[] = [];

  beforeAll(async () => {
    cluster = await ownPostgres();
    database = await openPostgres(cluster.url);
    await migrateToLatest(database.db);
    app = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent' }, database, logger: false, collab: shortTimers });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const user = await insertUser(database.db, { email: 'ausfall@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Ausfall', role: 'user' });
    const spaceId = await seedSpace(database.db, { editors: [user] });
    const pages = [(await seedPage(database.db, { spaceId })).pageId, (await seedPage(database.db, { spaceId })).pageId];
    const session = await createSession(database.db, user.id, { idleMinutes: 120, lifetimeHours: 2 }, { ip: '127.0.0.1', userAgent: 'fault suite' });
    peers = [0, 1, 2, 3].map((i) => ({ peer: connectPeer(`ws://127.0.0.1:${port}/collab`, pages[i % 2]!, { cookie: `stafette_session=${session.token}` }), pageId: pages[i % 2]!, words: [] }));
    await Promise.all(peers.map(({ peer }) => synced(peer, 20_000)));
  }, 120_000);

  afterAll(async () => {
    for (const { peer } of peers) peer.destroy();
    await app?.close();
    await database?.close();
    cluster?.destroy();
  });

  /** Types into every peer until `during` resolves, then a little longer. */
  async function typeThrough(label: string, during: () => Promise<void>): Promise<void> {
    let typing = true;
    const loops = peers.map(async (p, i) => {
      for (let n = 0; typing; n++) {
        const word = `${label}${i}w${n}`;
        p.peer.text.insert(p.peer.text.length, `${word} `);
        p.words.push(word);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await during();
    await new Promise((r) => setTimeout(r, 1000));
    typing = false;
    await Promise.all(loops);
  }

  async function lostWords(): Promise<number> {
    await Promise.all(peers.map(({ peer }) => synced(peer, 60_000)));
    const everyWord = (doc: Y.Doc, pageId: string) => {
      const words = new Set(bodyText(doc).split(/[\s|]+/));
      return peers.filter((p) => p.pageId === pageId).flatMap((p) => p.words).filter((w) => !words.has(w)).length;
    };
    await waitFor(() => peers.every(({ peer, pageId }) => everyWord(peer.doc, pageId) === 0), 60_000, 'replicas converge').catch(() => undefined);
    let lost = 0;
    for (const { peer, pageId } of peers) lost += everyWord(peer.doc, pageId);
    await app.collab.quiescent();
    for (const pageId of new Set(peers.map((p) => p.pageId))) lost += everyWord(await storedDoc(database.db, pageId), pageId);
    return lost;
  }

  const health = async () => (await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode;

  it('loses nothing when every database connection is cut five times', { timeout: 300_000 }, async () => {
    let cut = 0;
    await typeThrough('schnitt', async () => {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 400));
        cut += await cluster.terminateBackends();
      }
    });
    const lost = await lostWords();
    recordReliability({ fault: 'database connections terminated', backend: 'postgres', injected: 5, lost, detail: `${cut} connections cut while 4 clients typed on 2 pages` });
    expect(cut).toBeGreaterThan(0);
    expect(lost).toBe(0);
    expect(await health()).toBe(200);
  });

  it(`says it is degraded while PostgreSQL is stopped for ${OUTAGE_MS / 1000} s, and loses nothing`, { timeout: 300_000 }, async () => {
    const statuses = new Set<number>();
    let degradedMs = 0;
    await typeThrough('pause', async () => {
      await new Promise((r) => setTimeout(r, 500));
      cluster.stop('immediate');
      const stoppedAt = Date.now();
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        statuses.add(await health());
        await new Promise((r) => setTimeout(r, 500));
      }
      cluster.start();
      while ((await health()) !== 200) await new Promise((r) => setTimeout(r, 100));
      degradedMs = Date.now() - stoppedAt;
    });
    const lost = await lostWords();
    recordReliability({ fault: `PostgreSQL stopped ${OUTAGE_MS / 1000} s`, backend: 'postgres', injected: 1, lost, degradedMs, detail: `health during the outage: ${[...statuses].join('/')}; 4 clients typed on 2 pages` });
    expect([...statuses]).toEqual([503]);
    expect(lost).toBe(0);
  });
});
