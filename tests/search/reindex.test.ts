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

  it('queues nothing after a rebuild nobody wrote during', async () => {
    await insertPages(t.database.db, spaceId, [{ title: 'Ruhige Nacht', body: 'Keine Änderung.' }]);
    await withIndexerStopped(async () => {
      await reindexAll(t.database.db, t.app.searchService.backend);
      const left = await t.database.db.selectFrom('search_outbox').select('page_id').execute();
      expect(left).toEqual([]);
    });
  });
}
