import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../server/src/db/schema.ts';
import { GENERIC_PLAN, GenericPlanClient } from '../../server/src/db/generic-plans.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SearchIndexer } from '../../server/src/search/indexer.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages } from './support.ts';

/**
 * The ranked search is PREPAREd once per session and run on a plan made once without its values
 * (server/src/db/generic-plans.ts): 15.3 → 12.7–13.5 ms p50 at 100,000 pages on PostgreSQL, where
 * each pooled connection is a session of its own.
 */
describe.skipIf(!process.env.DATABASE_URL)('generic plans on PostgreSQL', () => {
  let database: TestDatabase;
  /** The app's pool client on a pool of one connection (a new session per test), so the session's statements can be read. */
  let single: Kysely<DB>;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
  });
  afterAll(() => database?.drop());
  beforeEach(() => {
    single = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url!, max: 1, Client: GenericPlanClient }) }) });
  });
  afterEach(() => single.destroy());

  const prepared = async () =>
    (await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements ORDER BY prepare_time`.execute(single)).rows;
  const planCacheMode = async () => (await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(single)).rows[0]!.plan_cache_mode;

  it('parses a marked statement once per connection and plans it once, without its values', async () => {
    for (const n of [70, 700, 7000]) {
      const { rows } = await sql<{ n: number }>`${GENERIC_PLAN}SELECT count(*)::int AS n FROM generate_series(1, ${n}::int) g WHERE g % 7 = 0`.execute(single);
      expect(rows[0]!.n).toBe(n / 7);
    }
    const statements = await prepared();
    expect(statements).toEqual([{ statement: expect.stringMatching(/^PREPARE "generic_[\w-]+" AS \/\* generic plan \*\/ SELECT count\(\*\)::int AS n FROM generate_series\(1, \$1::int\) g WHERE g % 7 = 0$/), generic_plans: '3', custom_plans: '0' }]);
    // Every other statement of the session is planned with its values, also after a marked one failed.
    expect(await planCacheMode()).toBe('auto');
    await expect(sql`${GENERIC_PLAN}SELECT 1 / ${0}::int`.execute(single)).rejects.toThrow(/division by zero/);
    expect(await planCacheMode()).toBe('auto');
    await single.transaction().execute(async (trx) => {
      await sql`${GENERIC_PLAN}SELECT ${1}::int AS v`.execute(trx);
      expect((await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(trx)).rows[0]!.plan_cache_mode).toBe('auto');
    });
    // Dropped by the session (DEALLOCATE ALL): prepared again.
    await sql`DEALLOCATE ALL`.execute(single);
    const { rows } = await sql<{ n: number }>`${GENERIC_PLAN}SELECT count(*)::int AS n FROM generate_series(1, ${14}::int) g WHERE g % 7 = 0`.execute(single);
    expect(rows[0]!.n).toBe(2);
    expect((await prepared()).map((p) => p.generic_plans)).toEqual(['1']);
  });

  it('keeps a bounded number of statements per connection; the others run unnamed', async () => {
    for (let i = 0; i < 40; i++) {
      const { rows } = await sql<{ v: number }>`${GENERIC_PLAN}SELECT ${i}::int + ${sql.lit(i)} AS v`.execute(single);
      expect(rows[0]!.v).toBe(2 * i);
    }
    expect((await prepared()).length).toBe(16);
    expect(await planCacheMode()).toBe('auto');
  });

  it('ranks every query of a shape on one kept plan, a frequent word found by reading the table', async () => {
    const spaceId = await seedSpace(database.db, { name: 'Bürgerbüro' });
    const rare = ['Hundesteuer', 'Fischereischein', 'Sperrmüll'];
    await insertPages(database.db, spaceId, [
      ...rare.map((word) => ({ title: `Merkblatt ${word}`, body: `Den Antrag für ${word} stellen Sie im Bürgerbüro.` })),
      ...Array.from({ length: 12 }, (_, i) => ({ title: `Formular ${i + 1}`, body: `Der Antrag ${i + 1} wird schriftlich gestellt.` })),
    ]);
    await new SearchIndexer(database.db, new PostgresSearchBackend(database.db, new SynonymStore(database.db))).drain();
    const backend = new PostgresSearchBackend(single, new SynonymStore(single));
    for (const word of rare) {
      const result = await backend.search({ q: word, readable: 'all', limit: 20 });
      expect(result.hits.map((h) => h.title)).toEqual([`Merkblatt ${word}`]);
    }
    const ranking = (await prepared()).filter((s) => s.statement.includes('WITH cand AS'));
    expect(ranking).toHaveLength(1);
    expect(Number(ranking[0]!.generic_plans)).toBe(rare.length);
    expect(ranking[0]!.statement).not.toContain('ts_match_vq');

    // "Antrag" is on every page: its candidates are read from the table, not listed by GIN first.
    const frequent = await backend.search({ q: 'Antrag', readable: 'all', limit: 20 });
    expect(frequent.hits).toHaveLength(rare.length + 12);
    expect(frequent.hits[0]!.snippet).toContain('<mark>Antrag</mark>');
    const scanned = (await prepared()).filter((s) => s.statement.includes('ts_match_vq('));
    expect(scanned).toHaveLength(1);
  });
});

/** PGlite has one session, shared by every pool (PGlite at 10,000 pages had drifted to 2.07× PostgreSQL's p50). */
describe('generic plans on PGlite', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
  });
  afterAll(() => database?.drop());

  const prepared = async () =>
    (await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE name LIKE 'generic%' ORDER BY prepare_time`.execute(database.db)).rows;
  const planCacheMode = async () => (await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(database.db)).rows[0]!.plan_cache_mode;

  it('prepares a marked statement once and runs it on one plan made without its values', async () => {
    for (const n of [70, 700, 7000]) {
      const { rows } = await sql<{ n: number; words: string[] }>`${GENERIC_PLAN}SELECT count(*)::int AS n, ${['a,b', 'sag "ja"']}::text[] AS words FROM generate_series(1, ${n}::int) g WHERE g % 7 = 0`.execute(database.db);
      expect(rows[0]).toEqual({ n: n / 7, words: ['a,b', 'sag "ja"'] });
    }
    expect(await prepared()).toEqual([{ statement: expect.stringContaining('generate_series(1, $2::int)'), generic_plans: '3', custom_plans: '0' }]);
    expect(await planCacheMode()).toBe('auto');
    await expect(sql`${GENERIC_PLAN}SELECT 1 / ${0}::int`.execute(database.db)).rejects.toThrow(/division by zero/);
    expect(await planCacheMode()).toBe('auto');
    // Dropped by the session (DEALLOCATE ALL): prepared again.
    await sql`DEALLOCATE ALL`.execute(database.db);
    const { rows } = await sql<{ v: number }>`${GENERIC_PLAN}SELECT ${5}::int AS v`.execute(database.db);
    expect(rows[0]!.v).toBe(5);
    const again = await sql<{ n: number }>`${GENERIC_PLAN}SELECT count(*)::int AS n, ${['a,b', 'sag "ja"']}::text[] AS words FROM generate_series(1, ${70}::int) g WHERE g % 7 = 0`.execute(database.db);
    expect(again.rows[0]!.n).toBe(10);
    expect((await prepared()).map((p) => p.generic_plans)).toEqual(['1', '1']);
    expect(await planCacheMode()).toBe('auto');
  });

  it('ranks every query of a shape on one kept plan', async () => {
    const spaceId = await seedSpace(database.db, { name: 'Bürgerbüro' });
    const rare = ['Hundesteuer', 'Fischereischein', 'Sperrmüll'];
    await insertPages(database.db, spaceId, rare.map((word) => ({ title: `Merkblatt ${word}`, body: `Den Antrag für ${word} stellen Sie im Bürgerbüro.` })));
    const backend = new PostgresSearchBackend(database.db, new SynonymStore(database.db));
    await new SearchIndexer(database.db, backend).drain();
    for (const word of rare) {
      const result = await backend.search({ q: word, readable: [spaceId], limit: 20 });
      expect(result.hits.map((h) => h.title)).toEqual([`Merkblatt ${word}`]);
      expect(result.hits[0]!.snippet).toContain(`<mark>${word}</mark>`);
    }
    const ranking = (await prepared()).filter((s) => s.statement.includes('WITH cand AS'));
    expect(ranking).toHaveLength(1);
    expect(Number(ranking[0]!.generic_plans)).toBe(rare.length);
    expect(ranking[0]!.custom_plans).toBe('0');
  });
});
