import { type Kysely, sql } from 'kysely';

/**
 * Search III (issue 28): Meilisearch documents now carry the page's author, the kinds of its
 * files and filter on its change time (the author, file type and "changed since" filters).
 * Copies indexed before lack them, so every live page is queued once; the indexer rebuilds them
 * in the background while search keeps answering. (The PostgreSQL backend reads these from the
 * live tables and needs nothing; requeueing there is harmless.)
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`SELECT search_enqueue(ARRAY(SELECT id FROM pages WHERE archived_at IS NULL))`.execute(db);
}
