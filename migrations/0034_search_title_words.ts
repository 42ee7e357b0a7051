import { type Kysely, sql } from 'kysely';

/**
 * Search III speed (issue 28): the number of words of a page's title, kept with its search
 * document. Ranking favours a title that says little besides the query (the share of the query's
 * words among the title's); it parsed every candidate's title again for that count (`to_tsvector`
 * per candidate, about a tenth of a ranked search at 100,000 pages). Existing documents are
 * counted here, in the same way the indexer counts new ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_documents ADD COLUMN title_words integer NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE search_documents SET title_words = length(to_tsvector('german', title))`.execute(db);
}
