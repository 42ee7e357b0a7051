import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/test-app.ts';
import { backends } from '../support/databases.ts';
import { createPage, createSpace, seedSpace } from '../support/seed.ts';
import { eventually, insertPages, search } from './support.ts';
import { dropIndex, meiliKey, meiliUrl, reportMeiliSkip, searchConfig } from './backends.ts';

/** A local port nothing listens on: the real client gets a real "connection refused". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const outboxRows = async (t: TestApp, pageId: string) =>
  t.database.db.selectFrom('search_outbox').select(['page_id', 'attempts']).where('page_id', '=', pageId).execute();

describe.each(backends)('search with Meilisearch unreachable on %s', (backend) => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    const port = await closedPort();
    t = await createTestApp(backend, { meilisearchUrl: `http://127.0.0.1:${port}`, meilisearchKey: 'stafette-test-key', meilisearchIndex: 'stafette_down' });
    owner = await t.userClient();
  }, 120_000);
  afterAll(() => t?.close());

  it('still starts, and health names meilisearch and says degraded', async () => {
    const res = await t.anonymous.get('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', search: 'meilisearch', searchAvailable: false, database: backend });
  });

  it('answers search with 503 problem+json', async () => {
    const spaceId = (await createSpace(owner, 'Ausfall')).id;
    await createPage(owner, spaceId, 'Notfallplan');
    const res = await owner.get('/api/v1/search?q=Notfallplan');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:stafette:problem:search-unavailable', status: 503 });
  });

  it('keeps changes in the outbox without blaming the pages', async () => {
    const spaceId = (await createSpace(owner, 'Warteschlange')).id;
    const pageId = await createPage(owner, spaceId, 'Wartende Seite');
    expect(await outboxRows(t, pageId)).toHaveLength(1);
    // Let the indexer try (and fail) a few times.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await outboxRows(t, pageId);
    expect(rows).toHaveLength(1);
    // Unavailability is not the page's fault: no per-page backoff that would delay recovery.
    expect(rows[0]!.attempts).toBe(0);
    const health = (await t.anonymous.get('/api/v1/health')).json();
    expect(health.searchBacklog).toBeGreaterThanOrEqual(1);
  });

  it('still answers synonym edits (stored, pushed once Meilisearch is back)', async () => {
    const admin = await t.userClient({ role: 'admin' });
    const put = await admin.put('/api/v1/search/synonyms', { groups: [['Notfallplan', 'Krisenplan']] });
    expect(put.statusCode).toBe(200);
    expect((await admin.get('/api/v1/search/synonyms')).json().groups).toEqual([['Notfallplan', 'Krisenplan']]);
  });
});

/**
 * Recovery against a real Meilisearch behind a TCP relay this test opens and closes: while the
 * relay is closed the outbox fills, once it is open again the indexer drains it.
 */
reportMeiliSkip('search recovery');
describe.skipIf(!meiliUrl).each(backends)('search recovers when Meilisearch comes back on %s', (backend) => {
  let t: TestApp;
  let relay: net.Server | null = null;
  const sockets = new Set<net.Socket>();
  let port = 0;

  async function openRelay(): Promise<void> {
    const target = new URL(meiliUrl!);
    relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 80), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay!.listen(port, '127.0.0.1', resolve));
    port = (relay!.address() as net.AddressInfo).port;
  }
  async function closeRelay(): Promise<void> {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => relay!.close(() => resolve()));
    relay = null;
  }

  beforeAll(async () => {
    await openRelay();
    t = await createTestApp(backend, { ...searchConfig('meilisearch'), meilisearchUrl: `http://127.0.0.1:${port}`, meilisearchKey: meiliKey ?? 'masterKey' });
  }, 120_000);
  afterAll(async () => {
    if (!relay) await openRelay();
    await dropIndex(t);
    await t?.close();
    if (relay) await closeRelay();
  });

  it('fills the outbox while down and drains it on recovery', async () => {
    const reader = await t.userClient();
    const spaceId = await seedSpace(t.database.db, { name: 'Wiederanlauf', readers: [reader] });
    await closeRelay();
    const [pageId] = await insertPages(t.database.db, spaceId, [{ title: 'Wiederanlaufplan Rechenzentrum', body: 'Schritte nach dem Ausfall.' }]);
    t.app.searchService.indexer.wake();
    expect((await reader.get('/api/v1/search?q=Wiederanlaufplan')).statusCode).toBe(503);
    expect((await t.anonymous.get('/api/v1/health')).json()).toMatchObject({ status: 'degraded', searchAvailable: false });
    expect(await outboxRows(t, pageId!)).toHaveLength(1);

    await openRelay();
    await eventually(async () => (await outboxRows(t, pageId!)).length === 0, 40_000);
    expect((await search(reader, 'Wiederanlaufplan')).hits.map((h) => h.pageId)).toEqual([pageId]);
    expect((await t.anonymous.get('/api/v1/health')).json()).toMatchObject({ status: 'ok', search: 'meilisearch', searchBacklog: 0 });
  }, 90_000);
});
