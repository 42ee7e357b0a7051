import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SearchBackend, SearchDocument, SearchQuery, SearchResult } from '../backend.ts';
import type { SynonymStore } from '../synonyms.ts';
import { planQuery, type QueryPlan } from './plan.ts';
import { runSearch } from './query.ts';
import { bulkInsertDocuments, clearDocuments, deleteDocuments, rebuildTerms, writeDocuments } from './store.ts';

/**
 * The embedded search backend: weighted `german` tsvectors with GIN indexes in
 * search_documents, queries planned against the corpus vocabulary (see plan.ts).
 * Works the same on PGlite and PostgreSQL.
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly name = 'postgres';
  #documentCount: { value: number; at: number } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly synonyms: SynonymStore,
  ) {}

  async index(documents: readonly SearchDocument[]): Promise<void> {
    await writeDocuments(this.db, documents);
    this.#documentCount = null;
  }

  async remove(pageIds: readonly string[]): Promise<void> {
    await deleteDocuments(this.db, pageIds);
    this.#documentCount = null;
  }

  async plan(q: string): Promise<QueryPlan> {
    return planQuery(this.db, q, await this.synonyms.matcher());
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const plan = await this.plan(query.q);
    return runSearch(this.db, plan, query, await this.#count());
  }

  async reindex(source: AsyncIterable<readonly SearchDocument[]>, onBatch?: (count: number) => void): Promise<number> {
    await clearDocuments(this.db);
    let total = 0;
    for await (const batch of source) {
      await bulkInsertDocuments(this.db, batch);
      total += batch.length;
      onBatch?.(batch.length);
    }
    await rebuildTerms(this.db);
    // Fresh statistics, so the planner picks the GIN indexes for the new data.
    await sql`ANALYZE search_documents`.execute(this.db);
    await sql`ANALYZE search_terms`.execute(this.db);
    this.#documentCount = null;
    return total;
  }

  /**
   * Queues pages whose indexed copy is missing or older than the page, and indexed pages that
   * are gone or archived. Covers changes made while no indexer ran and data from before search.
   */
  async queueStale(): Promise<number> {
    const result = await sql`
      INSERT INTO search_outbox (page_id)
      SELECT p.id FROM pages p
        JOIN spaces s ON s.id = p.space_id
        LEFT JOIN search_documents d ON d.page_id = p.id
      WHERE p.archived_at IS NULL AND s.archived_at IS NULL
        AND (d.page_id IS NULL OR d.indexed_at < greatest(p.updated_at, p.content_updated_at))
      UNION
      SELECT d.page_id FROM search_documents d
        LEFT JOIN pages p ON p.id = d.page_id
        LEFT JOIN spaces s ON s.id = p.space_id
      WHERE p.id IS NULL OR p.archived_at IS NOT NULL OR s.archived_at IS NOT NULL
      ON CONFLICT (page_id) DO NOTHING`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** Document count for word weights; a few seconds stale is fine. */
  async #count(): Promise<number> {
    if (this.#documentCount && Date.now() - this.#documentCount.at < 10_000) return this.#documentCount.value;
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents`.execute(this.db);
    this.#documentCount = { value: Number(row.rows[0]?.n ?? 0), at: Date.now() };
    return this.#documentCount.value;
  }
}
