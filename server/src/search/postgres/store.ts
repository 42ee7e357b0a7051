import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SearchDocument } from '../backend.ts';
import { spellingVariants } from '../german/text.ts';
import { titleTermRows } from './title-terms.ts';
import { PreparedStatement } from './prepared.ts';

/**
 * Writes of the PostgreSQL backend. The vocabulary table (search_terms) follows the documents
 * in the same statement: lexemes a document gains count up, lexemes it loses count down, a
 * lexeme no document uses any more disappears. Writers serialise on one advisory lock so two
 * indexers never count the same change twice.
 */
const WRITE_LOCK = 0x5e4c4; // arbitrary, only search writers take it

/**
 * The vocabulary's version (migration 0033): advanced after every committed change of the
 * documents, never inside the writing transaction. A reader that sees the old number may already
 * see the new vocabulary (its plan is then made again once the number moves), but never the new
 * number with the old vocabulary, which would keep a stale plan.
 */
async function advanceVersion(db: Kysely<DB>): Promise<void> {
  await sql`SELECT nextval('search_vocabulary_version')`.execute(db);
}

/** The number advanced by every committed change of the indexed documents (see plan-cache.ts), as text. */
export const VOCABULARY_VERSION = sql<string>`(last_value::text || ':' || is_called::text)`;

function rows(documents: readonly SearchDocument[]) {
  return JSON.stringify(
    documents.map((d) => ({
      page_id: d.pageId,
      space_id: d.spaceId,
      title: d.title,
      headings: d.headings.join('\n'),
      body: d.body,
      steps: d.steps,
      process_ids: [...new Set(d.steps.map((s) => s.processId))],
      step_keys: d.steps.map((s) => `${s.processId}:${s.elementId}`),
      attachments: d.attachments ?? [],
      // Umlaut spellings of words written with ae/oe/ue, indexed with the same weight as their field.
      title_alt: spellingVariants(d.title),
      headings_alt: spellingVariants(d.headings.join('\n')),
      body_alt: spellingVariants(d.body),
    })),
  );
}

/**
 * Applies per-lexeme document-count changes from the CTE named `deltas` (columns l, d). Each
 * lexeme is touched once, so insert, update and delete can share the statement.
 */
const applyDeltas = sql`
  ins AS (
    INSERT INTO search_terms (lexeme, doc_count)
    SELECT l, d FROM deltas WHERE d > 0
    ON CONFLICT (lexeme) DO UPDATE SET doc_count = search_terms.doc_count + EXCLUDED.doc_count
    RETURNING 1
  ),
  upd AS (
    UPDATE search_terms t SET doc_count = t.doc_count + deltas.d
    FROM deltas WHERE deltas.d < 0 AND t.lexeme = deltas.l AND t.doc_count + deltas.d > 0
    RETURNING 1
  ),
  del AS (
    DELETE FROM search_terms t USING deltas
    WHERE deltas.d < 0 AND t.lexeme = deltas.l AND t.doc_count + deltas.d <= 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ins) + (SELECT count(*) FROM upd) + (SELECT count(*) FROM del) AS n`;

// Files of the page (names and extracted text, migration 0016) weigh least: a page that says it
// in its own words ranks above one whose attached form merely contains the words. The title's
// vector is computed once (the LATERAL `t`) and used for title_tsv and within tsv. The title's
// word count (migration 0034) is what ranking divides by; without the spelling variants.
const TITLE_VECTOR = sql`LATERAL (SELECT setweight(to_tsvector('german', x.title || E'\n' || x.title_alt), 'A') AS v) t`;
const DOCUMENT_VECTORS = sql`
  length(to_tsvector('german', x.title)) AS title_words,
  t.v AS title_tsv,
  t.v || setweight(to_tsvector('german', x.headings || E'\n' || x.headings_alt), 'B')
    || setweight(to_tsvector('german', x.body || E'\n' || x.body_alt), 'C')
    || setweight(to_tsvector('german', coalesce((SELECT string_agg((f->>'name') || E'\n' || (f->>'text'), E'\n') FROM jsonb_array_elements(x.attachments) f), '')), 'D') AS tsv`;

const INPUT = (json: string) => sql`
  SELECT * FROM jsonb_to_recordset(${json}::jsonb)
    AS x(page_id uuid, space_id uuid, title text, headings text, body text, steps jsonb, process_ids uuid[], step_keys text[], attachments jsonb, title_alt text, headings_alt text, body_alt text)`;

/**
 * The indexer's write: the pages' rows replaced, their title terms and the vocabulary's counts
 * following in the same statement. Prepared: it runs for every settled edit of a page.
 */
const WRITE_DOCUMENTS = new PreparedStatement('stafette_search_write_documents', (json) =>
  sql`
    WITH input AS (${INPUT(json)}),
    old AS (
      SELECT d.page_id, tsvector_to_array(d.tsv) AS lex FROM search_documents d JOIN input USING (page_id)
    ),
    upserted AS (
      INSERT INTO search_documents (page_id, space_id, title, headings, body, steps, process_ids, step_keys, attachments, title_words, title_tsv, tsv, indexed_at)
      SELECT x.page_id, x.space_id, x.title, x.headings, x.body, x.steps, x.process_ids, x.step_keys, x.attachments, ${DOCUMENT_VECTORS}, now()
      FROM input x, ${TITLE_VECTOR}
      ON CONFLICT (page_id) DO UPDATE SET
        space_id = EXCLUDED.space_id, title = EXCLUDED.title, headings = EXCLUDED.headings, body = EXCLUDED.body,
        steps = EXCLUDED.steps, process_ids = EXCLUDED.process_ids, step_keys = EXCLUDED.step_keys,
        attachments = EXCLUDED.attachments, title_words = EXCLUDED.title_words, title_tsv = EXCLUDED.title_tsv, tsv = EXCLUDED.tsv, indexed_at = now()
      RETURNING page_id, space_id, title_words, title_tsv, tsv, tsvector_to_array(tsv) AS lex
    ),
    -- The title terms follow in the same statement (this snapshot does not see the rows inserted next to it).
    title_gone AS (DELETE FROM search_title_terms WHERE page_id IN (SELECT page_id FROM input) RETURNING 1),
    title_terms AS (INSERT INTO search_title_terms (lexeme, score, page_id, space_id) ${titleTermRows(sql`upserted`)} RETURNING 1),
    deltas AS (
      SELECT l, sum(d)::int AS d FROM (
        SELECT unnest(lex) AS l, 1 AS d FROM upserted
        UNION ALL
        SELECT unnest(lex) AS l, -1 AS d FROM old
      ) c GROUP BY l HAVING sum(d) <> 0
    ),
    ${applyDeltas}`,
);

export async function writeDocuments(db: Kysely<DB>, documents: readonly SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await lockForRowWrites(trx);
    await WRITE_DOCUMENTS.execute(trx, rows(documents));
  });
  await advanceVersion(db);
}

export async function deleteDocuments(db: Kysely<DB>, pageIds: readonly string[]): Promise<void> {
  if (pageIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await lockForRowWrites(trx);
    await sql`
      WITH gone AS (
        DELETE FROM search_documents WHERE page_id = ANY(${[...pageIds]}::uuid[]) RETURNING tsvector_to_array(tsv) AS lex
      ),
      title_gone AS (DELETE FROM search_title_terms WHERE page_id = ANY(${[...pageIds]}::uuid[]) RETURNING 1),
      deltas AS (SELECT l, -count(*)::int AS d FROM gone, unnest(gone.lex) AS l GROUP BY l),
      ${applyDeltas}`.execute(trx);
  });
  await advanceVersion(db);
}

/**
 * Empties the index (the start of a full reindex). TRUNCATE, not DELETE: deleted rows stayed in
 * the table as dead rows in front of the reloaded ones until a vacuum, and every frequent word's
 * pick read through them (a GIN lookup at 100,000 pages went from 1 ms to 40 ms after a reindex).
 */
export async function clearDocuments(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`TRUNCATE search_documents, search_title_terms`.execute(trx);
    await sql`DELETE FROM search_terms`.execute(trx);
  });
  await advanceVersion(db);
}

/**
 * Inserts documents without vocabulary upkeep; `rebuildTerms` recounts afterwards (bulk load).
 * Their title terms go in with them (the table was emptied with the documents).
 */
export async function bulkInsertDocuments(db: Kysely<DB>, documents: readonly SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  await sql`
    WITH inserted AS (
      INSERT INTO search_documents (page_id, space_id, title, headings, body, steps, process_ids, step_keys, attachments, title_words, title_tsv, tsv, indexed_at)
      SELECT x.page_id, x.space_id, x.title, x.headings, x.body, x.steps, x.process_ids, x.step_keys, x.attachments, ${DOCUMENT_VECTORS}, now()
      FROM (${INPUT(rows(documents))}) x, ${TITLE_VECTOR}
      ON CONFLICT (page_id) DO NOTHING
      RETURNING page_id, space_id, title_words, title_tsv, tsv
    )
    INSERT INTO search_title_terms (lexeme, score, page_id, space_id) ${titleTermRows(sql`inserted`)}`.execute(db);
}

/**
 * The indexes a full reindex drops before its bulk load and builds once afterwards, by name: the
 * GIN indexes over the vectors (migration 0006) and the title terms' two (migration 0036, same
 * definitions; the migration keeps its own frozen copy). Kept up row by row (fastupdate is off),
 * the GIN indexes took more than half of the load's time, the title terms' another fifth.
 * Searches and indexer writes meanwhile scan the tables being refilled, which hold only part of
 * the pages anyway.
 */
const LOAD_INDEXES: Record<string, RawBuilder<unknown>> = {
  search_documents_tsv_idx: sql`search_documents USING gin (tsv) WITH (fastupdate = off)`,
  search_documents_title_tsv_idx: sql`search_documents USING gin (title_tsv) WITH (fastupdate = off)`,
  // A word's best titles first: the pick reads the top of its range and stops (space_id for the readable-spaces test).
  search_title_terms_rank_idx: sql`search_title_terms (lexeme, score DESC, page_id) INCLUDE (space_id)`,
  // An indexer write replaces a page's rows.
  search_title_terms_page_idx: sql`search_title_terms (page_id)`,
};

export async function dropLoadIndexes(db: Kysely<DB>): Promise<void> {
  await sql`DROP INDEX IF EXISTS ${sql.join(Object.keys(LOAD_INDEXES).map((name) => sql.id(name)))}`.execute(db);
}

/**
 * Builds the bulk load's indexes where missing: after the load, after a failed load, and at start
 * after a reindex that died. Each on its own connection, so on PostgreSQL they are built side by side.
 */
export async function ensureLoadIndexes(db: Kysely<DB>): Promise<void> {
  await Promise.all(
    Object.entries(LOAD_INDEXES).map(([name, definition]) =>
      db.transaction().execute(async (trx) => {
        // One sorted build instead of row-by-row inserts; the setting is local to this transaction.
        await sql`SET LOCAL maintenance_work_mem = '128MB'`.execute(trx);
        await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON ${definition}`.execute(trx);
      }),
    ),
  );
}

/** Recounts the vocabulary from the stored vectors. */
export async function rebuildTerms(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`DELETE FROM search_terms`.execute(trx);
    await sql`INSERT INTO search_terms (lexeme, doc_count) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM search_documents')`.execute(trx);
  });
  await advanceVersion(db);
}

async function lock(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
}

/**
 * The lock, and plans for writes of a few pages: every row they touch looked up by its B-tree.
 * Unanalysed, search_terms looked cheap to probe by its trigram index (gin_trgm_ops answers `=`
 * too); a lexeme such as "w3e17" shares its trigrams with thousands, and each look-up read tens
 * of thousands of index pages: 1–2 s to write one page with 100 new words. The trigram index
 * serves corrections only, always through a bitmap scan, so bitmap scans are off here. The
 * write's plan is also kept per session (prepared.ts): made with sequential scans off, it finds
 * pages, title terms and lexemes by their indexes whatever size the tables had when it was made.
 */
async function lockForRowWrites(trx: Transaction<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK}), set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(trx);
}
