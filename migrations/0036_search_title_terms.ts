import { type Kysely, sql } from 'kysely';

/**
 * Search III speed (issue 28): each page's title lexemes with the score the page would get for a
 * one-word query of that lexeme (its saturated rank plus the title bonus, times the title's
 * meaning factor; `server/src/search/postgres/title-terms.ts` keeps the rows with the documents).
 * A frequent word's title candidates are its best pages by a range of the index instead of the
 * first 100 of its 6,000–7,000 title matches in table order, read whole by a GIN bitmap
 * (3.3 ms for "Antrag" at 100,000 pages). Titles are short: about six rows per page.
 * Existing documents get their rows here, with the same formula as the indexer (frozen copy).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE search_title_terms (
      lexeme text NOT NULL,
      score real NOT NULL,
      page_id uuid NOT NULL,
      space_id uuid NOT NULL
    )`.execute(db);
  await sql`
    INSERT INTO search_title_terms (lexeme, score, page_id, space_id)
    SELECT l.lexeme, (r.r / (r.r + 0.04) + 0.6) * (1 + 0.5 * least(1, 1.0 / greatest(1, u.title_words))), u.page_id, u.space_id
    FROM search_documents u
      CROSS JOIN LATERAL (SELECT ts_delete(u.tsv, ''::text) AS v OFFSET 0) v
      CROSS JOIN LATERAL unnest(tsvector_to_array(u.title_tsv)) AS l(lexeme)
      CROSS JOIN LATERAL (SELECT ts_rank('{0.05, 0.25, 0.5, 1.0}'::float4[], v.v,
        ('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery, 1)::float8 AS r) r`.execute(db);
  // A word's best titles first: the pick reads the top of its range and stops (space_id for the readable-spaces test).
  await sql`CREATE INDEX search_title_terms_rank_idx ON search_title_terms (lexeme, score DESC, page_id) INCLUDE (space_id)`.execute(db);
  await sql`CREATE INDEX search_title_terms_page_idx ON search_title_terms (page_id)`.execute(db);
  // The pick reads each lexeme's range from a LATERAL, where the planner assumes the average list
  // (rows / distinct lexemes, ~110 at 100,000 pages) and chose a bitmap of the whole list plus a
  // sort: all 6,700 rows of "antrag". A frequent word is what the table is for: assume ~1,000 rows
  // per lexeme, so the ordered range with its LIMIT wins.
  await sql`ALTER TABLE search_title_terms ALTER COLUMN lexeme SET (n_distinct = -0.001)`.execute(db);
  await sql`ANALYZE search_title_terms`.execute(db);
}
