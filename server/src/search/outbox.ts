import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The search outbox (`search_outbox`, migration 0006). Changes are queued by database triggers
 * in the changing transaction, never by application code: see README.md in this folder. This
 * module is for reconciliation, when a backend finds its copy out of step with the pages, and
 * for the backlog that health reports.
 */

/** Changes waiting to reach the search backend. */
export async function outboxBacklog(db: Kysely<DB>): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_outbox`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/**
 * Queues pages found stale (missing from the index, older than the page, or gone). Pages
 * already queued keep their row, so a page waiting out a retry backoff is not hurried.
 */
export async function queueStalePages(db: Kysely<DB>, pageIds: readonly string[]): Promise<number> {
  if (pageIds.length === 0) return 0;
  const result = await sql`
    INSERT INTO search_outbox (page_id) SELECT DISTINCT unnest(${[...pageIds]}::uuid[])
    ON CONFLICT (page_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
