import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SearchBackend, SearchDocument } from './backend.ts';
import { allSearchDocuments } from './documents.ts';
import { queueStalePages } from './outbox.ts';

interface Queued {
  page_id: string;
  seq: string;
}

/**
 * Rebuilds the whole index from the pages, loses no change committed meanwhile, and returns
 * how many pages were indexed.
 *
 * 1. Notes the outbox rows (page and seq) committed before the rebuild reads its first page:
 *    their changes committed with them, so every page read afterwards shows them.
 * 2. Rebuilds (Meilisearch: beside the live index, then swapped in).
 * 3. Drops exactly the noted rows that still hold their seq. Not a time comparison:
 *    `enqueued_at` is the start of the writing transaction, and one that began before the
 *    rebuild but committed after it read the page is older than the rebuild's start although
 *    the rebuild never saw its change. A page queued again meanwhile has a new seq and stays.
 * 4. Compares the rebuilt index with the pages now and queues every page that differs. A swap
 *    replaces what the indexer wrote to the old index during the rebuild: a change committed
 *    after the rebuild read its page and indexed meanwhile would otherwise be undone.
 */
export async function reindexAll(db: Kysely<DB>, backend: SearchBackend, onBatch?: (count: number) => void): Promise<number> {
  const covered = await sql<Queued>`SELECT page_id, seq::text AS seq FROM search_outbox WHERE attempts = 0`.execute(db);
  const indexed = new Map<string, string>();
  const total = await backend.reindex(noting(allSearchDocuments(db), indexed), onBatch);
  await dropCovered(db, covered.rows);
  await queueStalePages(db, await differing(db, indexed));
  return total;
}

/** Passes the batches on, remembering a fingerprint of every document handed to the backend. */
async function* noting(source: AsyncIterable<SearchDocument[]>, into: Map<string, string>): AsyncGenerator<SearchDocument[]> {
  for await (const batch of source) {
    for (const doc of batch) into.set(doc.pageId, fingerprint(doc));
    yield batch;
  }
}

/** Deletes the given outbox rows where they still hold the same seq and have not failed since. */
async function dropCovered(db: Kysely<DB>, rows: readonly Queued[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    await sql`
      DELETE FROM search_outbox o
      USING unnest(${batch.map((r) => r.page_id)}::uuid[], ${batch.map((r) => r.seq)}::bigint[]) AS done(page_id, seq)
      WHERE o.page_id = done.page_id AND o.seq = done.seq AND o.attempts = 0`.execute(db);
  }
}

/** Pages whose document now differs from the one indexed: changed, new, gone or archived. */
async function differing(db: Kysely<DB>, indexed: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for await (const batch of allSearchDocuments(db)) {
    for (const doc of batch) {
      if (indexed.get(doc.pageId) !== fingerprint(doc)) stale.push(doc.pageId);
      indexed.delete(doc.pageId);
    }
  }
  return [...stale, ...indexed.keys()];
}

function fingerprint(doc: SearchDocument): string {
  return createHash('sha256').update(JSON.stringify(doc)).digest('base64');
}
