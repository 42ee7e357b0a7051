import { type Kysely, sql } from 'kysely';

/**
 * Search III (issue 28): the PostgreSQL search index now carries the umlaut spelling of words a
 * page writes with ae/oe/ue (server/src/search/german/text.ts `spellingVariants`), and the
 * Meilisearch documents the reverse spellings too. Pages indexed before lack them, so every live
 * page is queued once; the indexer rebuilds their copies in the background while search keeps
 * answering from the old ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`SELECT search_enqueue(ARRAY(SELECT id FROM pages WHERE archived_at IS NULL))`.execute(db);
}
