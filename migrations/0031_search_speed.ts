import { type Kysely, sql } from 'kysely';

/**
 * Search III speed (issue 28): the word being typed is looked up as a prefix of the corpus
 * vocabulary ("Führersch" → führerschein). The trigram index cannot answer `LIKE 'x%'` with a
 * short word cheaply and the primary key's collation cannot serve it at all, so every keystroke
 * read all of search_terms (56,000 lexemes at 100,000 pages: 67 ms). A pattern-ops index makes it
 * a range scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX search_terms_prefix_idx ON search_terms (lexeme text_pattern_ops)`.execute(db);
}
