import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { tokenize } from '../german/text.ts';

/**
 * "Meinten Sie …?" for a query without hits: each word the index does not know is replaced by
 * a close known word (trigram similarity of the stems in search_terms). The vocabulary holds
 * the words of every page, also of pages the caller may not read, so a candidate is only used
 * in a spelling taken from a page the caller reads: the suggestion never shows a word of an
 * unreadable page. The route then checks the corrected query has hits the caller may read.
 */

/** Shorter words are not corrected (as in plan.ts: too many false friends). */
const MIN_WORD = 4;
/** Candidates looked at per word; each costs one look into readable pages. */
const CANDIDATES = 3;
const MIN_SIMILARITY = 0.3;
/** Characters of a page read for the written form of a word. */
const TEXT_PREFIX = 20_000;

export async function correctQuery(db: Kysely<DB>, q: string, readable: readonly string[] | 'all'): Promise<string | null> {
  if (readable !== 'all' && readable.length === 0) return null;
  const tokens = tokenize(q);
  let changed = false;
  const words: string[] = [];
  for (const token of tokens) {
    const better = token.text.length >= MIN_WORD ? await correctWord(db, token.lower, readable) : null;
    if (better && better.toLowerCase() !== token.lower) changed = true;
    words.push(better ?? token.text);
  }
  return changed ? words.join(' ') : null;
}

async function correctWord(db: Kysely<DB>, lower: string, readable: readonly string[] | 'all'): Promise<string | null> {
  const { rows } = await sql<{ stem: string | null; known: boolean; lexeme: string | null }>`
    WITH w AS (SELECT (tsvector_to_array(to_tsvector('german', ${lower})))[1] AS stem)
    SELECT w.stem, EXISTS (SELECT 1 FROM search_terms t WHERE t.lexeme = w.stem) AS known, c.lexeme
    FROM w LEFT JOIN LATERAL (
      SELECT t.lexeme FROM search_terms t
      WHERE w.stem IS NOT NULL AND t.lexeme % w.stem AND similarity(t.lexeme, w.stem) >= ${MIN_SIMILARITY}
      ORDER BY similarity(t.lexeme, w.stem) DESC, t.doc_count DESC, t.lexeme
      LIMIT ${CANDIDATES}
    ) c ON true`.execute(db);
  if (rows.length === 0 || !rows[0]!.stem || rows[0]!.known) return null;
  for (const row of rows) {
    if (!row.lexeme) continue;
    const written = await writtenForm(db, row.lexeme, lower, readable);
    if (written) return written;
  }
  return null;
}

/** How a readable page writes a word with this stem (the form closest to what was typed). */
async function writtenForm(db: Kysely<DB>, lexeme: string, typed: string, readable: readonly string[] | 'all'): Promise<string | null> {
  const { rows } = await sql<{ word: string }>`
    WITH docs AS (
      SELECT d.title || ' ' || left(d.body, ${TEXT_PREFIX}) AS text FROM search_documents d
      JOIN pages p ON p.id = d.page_id AND p.space_id = d.space_id AND p.archived_at IS NULL
      JOIN spaces s ON s.id = p.space_id AND s.archived_at IS NULL
      WHERE d.tsv @@ to_tsquery('simple', ${`'${lexeme.replaceAll("'", "''")}'`})
        ${readable === 'all' ? sql`` : sql`AND d.space_id = ANY(${[...readable]}::uuid[])`}
      LIMIT 3
    ),
    words AS (SELECT DISTINCT w AS word FROM docs, regexp_split_to_table(docs.text, '[^[:alnum:]ÄÖÜäöüß]+') AS w WHERE length(w) >= ${MIN_WORD})
    SELECT word FROM words
    WHERE tsvector_to_array(to_tsvector('german', word)) @> ARRAY[${lexeme}]::text[]
    ORDER BY similarity(lower(word), ${typed}) DESC, word
    LIMIT 1`.execute(db);
  return rows[0]?.word ?? null;
}
