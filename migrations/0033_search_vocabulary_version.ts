import { type Kysely, sql } from 'kysely';

/**
 * Search III speed (issue 28): a counter the search writers advance after every committed change
 * of the indexed documents (and so of the vocabulary, search_terms). The PostgreSQL backend keeps
 * the plans of recent queries (stems, document counts, compounds, typo corrections looked up in
 * search_terms: two round trips, 3–15 ms at 100,000 pages) and the document count in memory for
 * as long as this counter stands still, across processes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SEQUENCE search_vocabulary_version`.execute(db);
}
