import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../server/src/db/schema.ts';
import { executeWithKeptPlan, NAMED, NamingClient } from '../../server/src/db/named-statements.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SearchIndexer } from '../../server/src/search/indexer.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages } from './support.ts';

/**
 * The ranked search on PostgreSQL is a named statement, parsed once per connection and run on a
 * plan made once without its values (server/src/db/named-statements.ts): 15.6 → 12.6 ms p50 at
 * 100,000 pages. Named statements are a PostgreSQL protocol feature; PGlite runs the same text.
 */
describe.skipIf(!process.env.DATABASE_URL)('kept plans on PostgreSQL', () => {
  let database: TestDatabase;
  /** The app's pool client on a pool of one connection (a new session per test), so the session's statements can be read. */
  let single: Kysely<DB>;

  beforeAll(async () => {
    database = await freshDatabase('postgres');
  });
  afterAll(() => database?.drop());
  beforeEach(() => {
    single = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url!, max: 1, Client: NamingClient }) }) });
  });
  afterEach(() => single.destroy());

  const prepared = async () =>
    (await sql<{ statement: string; generic_plans: string; custom_plans: string }>`
      SELECT statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements ORDER BY prepare_time`.execute(single)).rows;
  const planCacheMode = async () => (await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(single)).rows[0]!.plan_cache_mode;

  it('parses a marked statement once per connection, for every value it is run with', async () => {
    for (const value of [1, 2, 3]) {
      const { rows } = await sql<{ v: number }>`${NAMED}SELECT ${value}::int * 10 AS v`.execute(single);
      expect(rows[0]!.v).toBe(value * 10);
    }
    await sql`SELECT 1`.execute(single);
    const statements = await prepared();
    expect(statements.map((s) => s.statement)).toEqual(['/* named */ SELECT $1::int * 10 AS v']);
    // Other texts of the same values are statements of their own; past the bound they run unnamed.
    for (let i = 0; i < 40; i++) {
      const { rows } = await sql<{ v: number }>`${NAMED}SELECT ${i}::int + ${sql.lit(i)} AS v`.execute(single);
      expect(rows[0]!.v).toBe(2 * i);
    }
    expect((await prepared()).length).toBe(16);
  });

  it('runs a statement on the plan made without its values, and leaves the session planning every other statement with them', async () => {
    const statement = (n: number) => sql<{ n: number }>`${NAMED}SELECT count(*)::int AS n FROM generate_series(1, ${n}::int) g WHERE g % 7 = 0`;
    for (const n of [70, 700, 7000]) expect((await executeWithKeptPlan(single, statement(n))).rows[0]!.n).toBe(n / 7);
    const kept = (await prepared()).find((s) => s.statement.includes('generate_series'))!;
    expect({ generic: kept.generic_plans, custom: kept.custom_plans }).toEqual({ generic: '3', custom: '0' });
    expect(await planCacheMode()).toBe('auto');
    // Also when the statement fails.
    await expect(executeWithKeptPlan(single, sql`${NAMED}SELECT 1 / ${0}::int`)).rejects.toThrow(/division by zero/);
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
