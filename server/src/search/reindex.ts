import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SearchBackend } from './backend.ts';
import { allSearchDocuments } from './documents.ts';

/**
 * Rebuilds the whole index from the pages. Outbox rows queued before the rebuild started are
 * covered by it and dropped; rows queued meanwhile stay for the indexer.
 */
export async function reindexAll(db: Kysely<DB>, backend: SearchBackend, onBatch?: (count: number) => void): Promise<number> {
  const started = await sql<{ now: Date }>`SELECT clock_timestamp() AS now`.execute(db);
  const total = await backend.reindex(allSearchDocuments(db), onBatch);
  await db.deleteFrom('search_outbox').where('enqueued_at', '<', started.rows[0]!.now).where('attempts', '=', 0).execute();
  return total;
}
