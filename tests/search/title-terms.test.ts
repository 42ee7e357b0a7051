import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestApp } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { reindexAll } from '../../server/src/search/reindex.ts';
import { allSearchDocuments } from '../../server/src/search/documents.ts';
import type { SearchDocument } from '../../server/src/search/backend.ts';
import { titleTermRows } from '../../server/src/search/postgres/title-terms.ts';
import { eventually, insertPages, search, settled } from './support.ts';
import { postgresCombinations, startSearchApp } from './backends.ts';

/**
 * Migration 0036: a frequent word's title candidates are its best titles (search_title_terms),
 * not the first ones in table order. 400 pages have "Antrag" in a long title; the page titled
 * just "Antrag" was written last, behind every slice a lookup in table order would rank. The
 * table follows every change of the documents: an edit, a deletion, a full reindex. A reindex
 * loads without the table's indexes and builds them afterwards as the migration defined them,
 * also when the load fails.
 */
describe.each(postgresCombinations)('best titles of a frequent word on $label', (c) => {
  let t: TestApp;
  let reader: Awaited<ReturnType<TestApp['userClient']>>;
  let bestId: string;
  /** The indexes of the search tables as the migrations created them. */
  let migrated: { indexname: string; indexdef: string }[];

  beforeAll(async () => {
    t = await startSearchApp(c);
    migrated = await indexes();
    reader = await t.userClient();
    const spaceId = await seedSpace(t.database.db, { name: 'Bürgerbüro', readers: [reader] });
    const many = Array.from({ length: 400 }, (_, i) => ({
      title: `Antrag auf Zuschuss für Vereine und Verbände der Gemeinde Nummer ${i}`,
      body: `Vereine stellen den Antrag beim Bürgerbüro. Förderung, Verwendungsnachweis und Fristen ${i}.`,
    }));
    await insertPages(t.database.db, spaceId, many);
    [bestId] = await insertPages(t.database.db, spaceId, [{ title: 'Antrag', body: 'Wie ein Antrag gestellt wird.' }]);
    await settled(t, 60_000);
  }, 180_000);
  afterAll(() => t?.close());

  /** Rows of the table that differ from the rows computed afresh from the stored documents. */
  async function stale(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      WITH fresh AS (SELECT lexeme, score::real AS score, page_id, space_id FROM (${titleTermRows(sql`search_documents`)}) f),
      kept AS (SELECT lexeme, score, page_id, space_id FROM search_title_terms)
      SELECT ((SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) a)
        + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) b))::int AS n`.execute(t.database.db);
    return rows[0]!.n;
  }
  const rowsOf = async (pageId: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_title_terms WHERE page_id = ${pageId}::uuid`.execute(t.database.db)).rows[0]!.n);
  const top = async (q: string) => (await search(reader, q)).hits[0]?.title;
  async function indexes(): Promise<{ indexname: string; indexdef: string }[]> {
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('search_documents', 'search_title_terms') ORDER BY indexname`.execute(t.database.db);
    return rows;
  }
  const titleIndexes = async () => (await indexes()).filter((i) => i.indexname.startsWith('search_title_terms')).map((i) => i.indexname);

  it('ranks the best title first, though it was written last', async () => {
    expect(await rowsOf(bestId)).toBe(1);
    expect(await stale()).toBe(0);
    expect(await top('Antrag')).toBe('Antrag');
  });

  it('follows an edit and a deletion of the page', async () => {
    await t.database.db.updateTable('pages').set({ title: 'Antrag stellen' }).where('id', '=', bestId).execute();
    await settled(t);
    expect(await rowsOf(bestId)).toBe(2);
    expect(await stale()).toBe(0);
    expect(await top('Antrag')).toBe('Antrag stellen');

    await t.database.db.deleteFrom('pages').where('id', '=', bestId).execute();
    await settled(t);
    expect(await rowsOf(bestId)).toBe(0);
    expect(await stale()).toBe(0);
    expect(await top('Antrag')).toMatch(/^Antrag auf Zuschuss/);
  });

  it('is rebuilt by a full reindex', async () => {
    const spaceId = (await t.database.db.selectFrom('spaces').select('id').where('name', '=', 'Bürgerbüro').executeTakeFirstOrThrow()).id;
    [bestId] = await insertPages(t.database.db, spaceId, [{ title: 'Antrag', body: 'Wie ein Antrag gestellt wird.' }]);
    await settled(t);
    await t.app.searchService.indexer.stop();
    try {
      await reindexAll(t.database.db, t.app.searchService.backend);
    } finally {
      t.app.searchService.indexer.start();
    }
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_title_terms`.execute(t.database.db);
    expect(count.rows[0]!.n).toBeGreaterThan(400 * 5);
    expect(await stale()).toBe(0);
    expect(await top('Antrag')).toBe('Antrag');
    expect(await indexes()).toEqual(migrated);
  });

  it('has its indexes again after a reindex that failed midway, and builds a missing one at start', async () => {
    const documents: SearchDocument[] = [];
    for await (const batch of allSearchDocuments(t.database.db)) documents.push(...batch);
    let during: { indexes: string[]; top: string | undefined } | null = null;
    async function* failing() {
      yield documents.filter((d) => d.pageId === bestId);
      await eventually(async () => (await rowsOf(bestId)) === 1, 5000);
      // Loaded without the indexes (kept up row by row they cost a fifth of the load); a search still finds the loaded page.
      during = { indexes: await titleIndexes(), top: await top('Antrag') };
      yield documents.slice(0, 100);
      throw new Error('source gone');
    }
    await t.app.searchService.indexer.stop();
    try {
      await expect(t.app.searchService.backend.reindex(failing())).rejects.toThrow('source gone');
    } finally {
      t.app.searchService.indexer.start();
    }
    expect(during).toEqual({ indexes: [], top: 'Antrag' });
    expect(await indexes()).toEqual(migrated);
    expect(await top('Antrag')).toBe('Antrag');

    // A reindex process killed during its load leaves them missing; the next start builds them.
    await sql`DROP INDEX search_title_terms_rank_idx`.execute(t.database.db);
    await t.app.searchService.backend.queueStale?.();
    expect(await indexes()).toEqual(migrated);
    await settled(t, 60_000);
    expect(await stale()).toBe(0);
  });
});
