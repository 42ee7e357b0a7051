/**
 * A full rebuild (`pnpm stafette reindex`, server/src/search/reindex.ts) runs while people keep
 * editing: no change committed during it may be lost, whatever order the writes commit in.
 * The app's own indexer is stopped around each rebuild, so only what a test does drains the
 * outbox and the interleaving is the one the test sets up.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndexer } from '../../server/src/search/indexer.ts';
import { reindexAll } from '../../server/src/search/reindex.ts';
import type { SearchBackend, SearchDocument } from '../../server/src/search/backend.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages, search, settled } from './support.ts';
import { postgresCombinations, startSearchApp, type Combination } from './backends.ts';

describe.each(postgresCombinations)('search reindex on $label', (c) => reindex(c));

function reindex(c: Combination) {
  let t: TestApp;
  let admin: Client;
  let spaceId: string;

  beforeAll(async () => {
    t = await startSearchApp(c);
    admin = await t.userClient({ role: 'admin' });
    spaceId = await seedSpace(t.database.db, { name: 'Neuaufbau' });
  }, 120_000);
  afterAll(() => t?.close());

  const hits = async (q: string) => (await search(admin, q)).hits.map((h) => h.pageId);
  const queued = async (pageId: string) => (await t.database.db.selectFrom('search_outbox').select('page_id').where('page_id', '=', pageId).execute()).length === 1;

  /** The app's backend, with `reindex` replaced. */
  function withReindex(reindex: SearchBackend['reindex']): SearchBackend {
    const real = t.app.searchService.backend;
    return { name: real.name, index: (d) => real.index(d), remove: (ids) => real.remove(ids), search: (q) => real.search(q), reindex };
  }

  async function withIndexerStopped(fn: () => Promise<void>): Promise<void> {
    await settled(t);
    await t.app.searchService.indexer.stop();
    try {
      await fn();
    } finally {
      t.app.searchService.indexer.start();
    }
  }

  /**
   * Renames a page in a transaction that begins now and commits when `commit` is called. On
   * PostgreSQL a second connection holds the transaction open. PGlite has one connection, so the
   * rename is written at commit time and its outbox row given the start of a transaction that
   * began a second ago (a slow request), which is what such a transaction leaves behind:
   * `enqueued_at` is now(), the start of the writing transaction.
   */
  async function renameLater(pageId: string, title: string): Promise<{ commit(): Promise<void> }> {
    if (t.database.url) {
      const other = new pg.Client({ connectionString: t.database.url });
      await other.connect();
      await other.query('BEGIN');
      await other.query('UPDATE pages SET title = $1 WHERE id = $2', [title, pageId]);
      return {
        async commit() {
          await other.query('COMMIT');
          await other.end();
        },
      };
    }
    const began = (await sql<{ began: string }>`SELECT (clock_timestamp() - interval '1 second')::text AS began`.execute(t.database.db)).rows[0]!.began;
    return {
      async commit() {
        await t.database.db.transaction().execute(async (trx) => {
          await trx.updateTable('pages').set({ title }).where('id', '=', pageId).execute();
          await trx.updateTable('search_outbox').set({ enqueued_at: sql`${began}::timestamptz` }).where('page_id', '=', pageId).execute();
        });
      },
    };
  }

  it('keeps the update of a transaction that began before the rebuild and committed after it read the page', async () => {
    const [late, early] = await insertPages(t.database.db, spaceId, [
      { title: 'Streusalzlager', body: 'Winterdienst der Straßenmeisterei.' },
      { title: 'Friedhofsgebühren', body: 'Gebührensatzung.' },
    ]);
    await withIndexerStopped(async () => {
      // Committed before the rebuild: the rebuild covers it and drops its outbox row.
      await t.database.db.updateTable('pages').set({ title: 'Bestattungsgebühren' }).where('id', '=', early!).execute();
      const rename = await renameLater(late!, 'Kehrmaschinenhalle');
      const total = await reindexAll(
        t.database.db,
        withReindex(async (source, onBatch) => {
          const n = await t.app.searchService.backend.reindex(source, onBatch);
          // The rebuild has read every page, the rename's old title included; now it commits.
          await rename.commit();
          return n;
        }),
      );
      expect(total).toBeGreaterThanOrEqual(2);
      expect(await hits('Bestattungsgebühren')).toEqual([early]);
      expect(await queued(early!)).toBe(false);
      expect(await hits('Kehrmaschinenhalle')).toEqual([]);
      expect(await queued(late!)).toBe(true);
    });
    await settled(t);
    expect(await hits('Kehrmaschinenhalle')).toEqual([late]);
    expect(await hits('Streusalzlager')).toEqual([]);
  });

  it('queues again a change the indexer wrote to the old index while a rebuild that swaps in a new one ran', async () => {
    const [pageId] = await insertPages(t.database.db, spaceId, [{ title: 'Laubbläserverbot', body: 'Lärmschutz im Herbst.' }]);
    await withIndexerStopped(async () => {
      // A backend that replaces the whole index with the documents it read, at the end, as
      // Meilisearch does with its swap: the real index, cleared and refilled from that read.
      const swapping = withReindex(async (source, onBatch) => {
        const read: (readonly SearchDocument[])[] = [];
        for await (const batch of source) read.push(batch);
        // Meanwhile a page is renamed and an indexer puts the new title into the live index.
        await t.database.db.updateTable('pages').set({ title: 'Glascontainerstandorte' }).where('id', '=', pageId!).execute();
        expect(await new SearchIndexer(t.database.db, t.app.searchService.backend).drain()).toBeGreaterThan(0);
        expect(await hits('Glascontainerstandorte')).toEqual([pageId]);
        return t.app.searchService.backend.reindex(
          (async function* () {
            yield* read;
          })(),
          onBatch,
        );
      });
      await reindexAll(t.database.db, swapping);
      // The swap brought the old title back; the rebuild noticed and queued the page again.
      expect(await hits('Glascontainerstandorte')).toEqual([]);
      expect(await queued(pageId!)).toBe(true);
    });
    await settled(t);
    expect(await hits('Glascontainerstandorte')).toEqual([pageId]);
    expect(await hits('Laubbläserverbot')).toEqual([]);
  });

  // The rebuild drops the vectors' GIN indexes for its bulk load and builds them once afterwards.
  const textIndexes = async () =>
    (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents' AND indexname LIKE '%tsv_idx' ORDER BY indexname`.execute(t.database.db)).rows.map((r) => r.indexname);

  it('finds pages after a rebuild of many batches, with the text indexes built again; a start after a killed rebuild builds them', async () => {
    const pages = await insertPages(
      t.database.db,
      spaceId,
      Array.from({ length: 12 }, (_, i) => ({ title: `Streugutlager ${i}`, body: `Das Streugutlager Nummer ${i} liegt am Bauhof.` })),
    );
    await withIndexerStopped(async () => {
      const batches: number[] = [];
      // Batches of two pages: several loads are in flight at once.
      const inPairs = async function* (source: AsyncIterable<readonly SearchDocument[]>) {
        for await (const batch of source) for (let i = 0; i < batch.length; i += 2) yield batch.slice(i, i + 2);
      };
      const backend = t.app.searchService.backend;
      const total = await reindexAll(t.database.db, withReindex((source, onBatch) => backend.reindex(inPairs(source), onBatch)), (k) => batches.push(k));
      expect(batches.reduce((a, b) => a + b, 0)).toBe(total);
      expect(await textIndexes()).toEqual(['search_documents_title_tsv_idx', 'search_documents_tsv_idx']);
    });
    expect((await hits('Streugutlager')).sort()).toEqual(pages.sort());
    // A rebuild killed during its load leaves the table without them; the next start builds them.
    await sql`DROP INDEX search_documents_tsv_idx`.execute(t.database.db);
    await t.app.searchService.backend.queueStale?.();
    expect(await textIndexes()).toEqual(['search_documents_title_tsv_idx', 'search_documents_tsv_idx']);
  });

  it('queues nothing after a rebuild nobody wrote during', async () => {
    await insertPages(t.database.db, spaceId, [{ title: 'Ruhige Nacht', body: 'Keine Änderung.' }]);
    await withIndexerStopped(async () => {
      await reindexAll(t.database.db, t.app.searchService.backend);
      const left = await t.database.db.selectFrom('search_outbox').select('page_id').execute();
      expect(left).toEqual([]);
    });
  });
}
