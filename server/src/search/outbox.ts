import { type Kysely, type Transaction, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

type Listener = () => void;
const wakeListeners = new Set<Listener>();

/**
 * Queues a page for (re)indexing. Call it inside the transaction that changes what search
 * shows of the page, so the change and the queue entry commit together: a crash after the
 * commit loses nothing, the indexer picks the row up on start. Idempotent per page.
 */
export async function enqueueSearchIndex(db: Kysely<DB> | Transaction<DB>, pageId: string): Promise<void> {
  await enqueueSearchIndexMany(db, [pageId]);
}

/** Queues several pages at once (a moved or archived subtree, a space whose access changed). */
export async function enqueueSearchIndexMany(db: Kysely<DB> | Transaction<DB>, pageIds: readonly string[]): Promise<void> {
  if (pageIds.length === 0) return;
  const ids = [...new Set(pageIds)];
  await sql`
    INSERT INTO search_outbox (page_id)
    SELECT unnest(${ids}::uuid[])
    ON CONFLICT (page_id) DO UPDATE
      SET seq = nextval('search_outbox_seq'), enqueued_at = now(), attempts = 0,
          last_error = NULL, next_attempt_at = now()`.execute(db);
  wakeIndexers();
}

/**
 * Tells in-process indexers that work may be waiting. The enqueueing transaction may not have
 * committed yet, so indexers re-check a few times shortly after a wake-up.
 */
export function wakeIndexers(): void {
  for (const listener of wakeListeners) listener();
}

/** Registers an indexer's wake-up; returns the function that unregisters it. */
export function onSearchEnqueued(listener: Listener): () => void {
  wakeListeners.add(listener);
  return () => wakeListeners.delete(listener);
}
