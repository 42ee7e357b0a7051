import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../server/src/db/schema.ts';
import type { SearchDocument } from '../../server/src/search/backend.ts';
import { literal } from '../../server/src/db/literal.ts';
import { PreparedStatement } from '../../server/src/search/postgres/prepared.ts';
import { writeDocuments } from '../../server/src/search/postgres/store.ts';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages } from './support.ts';

/**
 * The indexer's write runs for every settled edit of a page and is planned once per connection
 * (postgres/prepared.ts): its values travel as literals in EXECUTE. Every text arrives as written,
 * the plan is reused, and a session that dropped the statement gets it prepared again.
 */
describe.each(backends)('prepared index writes on %s', (backend) => {
  let database: TestDatabase;
  /** One connection for the whole test, as a transaction has: on PostgreSQL a pool of one. */
  let single: Kysely<DB>;

  beforeAll(async () => {
    database = await freshDatabase(backend);
    single = database.url ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) }) : database.db;
  });
  afterAll(async () => {
    if (single !== database?.db) await single?.destroy();
    await database?.drop();
  });

  const statementOf = async (name: string) =>
    (await sql<{ prepare_time: Date; generic_plans: string | number }>`SELECT prepare_time, generic_plans FROM pg_prepared_statements WHERE name = ${name}`.execute(single)).rows[0];

  /** The generic plan a prepared statement keeps, shown by EXPLAIN EXECUTE with stand-in values of its parameter types. */
  async function keptPlan(name: string): Promise<string> {
    const { rows } = await sql<{ types: string }>`SELECT parameter_types::text AS types FROM pg_prepared_statements WHERE name = ${name}`.execute(single);
    const standIn: Record<string, string> = { jsonb: `'[]'`, 'double precision': '0', 'real[]': `'{1,1,1,1}'`, text: `''` };
    const args = rows[0]!.types.replace(/^\{|\}$/g, '').split(',').map((type) => standIn[type.replaceAll('"', '')] ?? 'NULL');
    const explained = await sql<{ 'QUERY PLAN': string }>`EXPLAIN EXECUTE ${sql.id(name)}(${sql.raw(args.join(', '))})`.execute(single);
    return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it('sends every text as written, whatever quotes, backslashes and dollar signs it holds', async () => {
    const texts = ["Antrag auf Erteilung eines 'Bauvorbescheids'", 'C:\\Formulare\\neu', '$v$', 'Preis in $v', 'x$v', '$v$ und $v0$ und $v1$', '„Grüße“ – Straße', '', '$$', '\n\t'];
    for (const text of texts) {
      const { rows } = await sql<{ v: string }>`SELECT ${sql.raw(literal(text))}::text AS v`.execute(database.db);
      expect(rows[0]!.v).toBe(text);
    }
    const { rows } = await sql<{ v: number }>`SELECT ${sql.raw(literal(0.04))}::float8 AS v`.execute(database.db);
    expect(rows[0]!.v).toBe(0.04);
    expect(() => literal(Number.NaN)).toThrow(TypeError);
    // Arrays as the ranked search binds them (lexemes, weights, readable spaces), elements as written.
    const words = ['gebühr', 'a,b', '{x}', 'sag "ja"', 'C:\\neu', "l'eau", '', 'NULL'];
    const arrays = await sql<{ t: string[]; f: number[]; n: null }>`SELECT ${sql.raw(literal(words))}::text[] AS t, ${sql.raw(literal([0.5, 1, 0.04]))}::float8[] AS f, ${sql.raw(literal(null))}::text AS n`.execute(database.db);
    expect(arrays.rows[0]).toEqual({ t: words, f: [0.5, 1, 0.04], n: null });
  });

  it('plans the indexer write once and reuses the plan for every later page', async () => {
    const spaceId = await seedSpace(database.db, { name: 'Bauamt' });
    const pageIds = await insertPages(database.db, spaceId, Array.from({ length: 8 }, (_, i) => ({ title: `Bauantrag ${i}`, body: `Unterlagen ${i}` })));
    const document = (pageId: string, i: number): SearchDocument => ({
      pageId,
      spaceId,
      title: `Bauantrag ${i}`,
      headings: ['Zuständigkeit'],
      body: `Die Baugenehmigung kostet ${i * 10} Euro; 'Gebühren' und $v$ stehen im Text.`,
      steps: [],
      attachments: [],
    });
    await writeDocuments(single, [document(pageIds[0]!, 0)]);
    const first = await statementOf('stafette_search_write_documents');
    expect(first).toBeDefined();
    // Rewritten with a hundred new words each, which share their trigrams ("w3e117"): the old words leave the vocabulary.
    let word = 0;
    const rewritten = (pageId: string, i: number): SearchDocument => ({ ...document(pageId, i), body: `${document(pageId, i).body} ${Array.from({ length: 100 }, () => `w${i}e${word++}`).join(' ')}` });
    for (let round = 0; round < 3; round++) for (const [i, pageId] of pageIds.entries()) await writeDocuments(single, [round < 2 ? rewritten(pageId, i) : document(pageId, i)]);
    const later = await statementOf('stafette_search_write_documents');
    // Prepared once: the same statement, and past PostgreSQL's five trial plans a generic one.
    expect(later!.prepare_time).toEqual(first!.prepare_time);
    expect(Number(later!.generic_plans)).toBeGreaterThan(0);
    // The kept plan looks every row up by its B-tree. On a fresh, unanalysed database the lexemes
    // were probed through the trigram index: 1–2 s per page with a hundred new words.
    const plan = await keptPlan('stafette_search_write_documents');
    expect(plan).not.toMatch(/search_terms_trgm_idx|Seq Scan on search_(terms|documents|title_terms)\b/);
    expect(plan).toMatch(/Index (Only )?Scan using \w+ on search_terms\b/);
    const { rows } = await sql<{ body: string }>`SELECT body FROM search_documents WHERE page_id = ${pageIds[7]!}::uuid`.execute(single);
    expect(rows[0]!.body).toBe("Die Baugenehmigung kostet 70 Euro; 'Gebühren' und $v$ stehen im Text.");
    const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents WHERE tsv @@ to_tsquery('german', 'Baugenehmigung')`.execute(single);
    expect(found.rows[0]!.n).toBe(8);
    // The rewritten words are gone from the vocabulary (counted down to zero and deleted).
    const stale = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_terms WHERE lexeme ~ '^w[0-9]+e[0-9]+$'`.execute(single);
    expect(stale.rows[0]!.n).toBe(0);
  });

  it('prepares again in a session that dropped the statement', async () => {
    await sql`CREATE TABLE prepared_words (word text, weight float8)`.execute(single);
    const insert = new PreparedStatement('test_insert_words', (json) => sql`INSERT INTO prepared_words SELECT w, ${0.5}::float8 FROM jsonb_array_elements_text(${json}::jsonb) w`);
    await insert.execute(single, JSON.stringify(['Antrag', 'Gebühr']));
    await sql`DEALLOCATE ALL`.execute(single);
    await insert.execute(single, JSON.stringify(['Frist']));
    const { rows } = await sql<{ word: string }>`SELECT word FROM prepared_words ORDER BY word`.execute(single);
    expect(rows.map((r) => r.word)).toEqual(['Antrag', 'Frist', 'Gebühr']);
  });
});
