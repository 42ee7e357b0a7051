import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SearchBackend, SearchDocument, SearchQuery, SearchResult } from '../backend.ts';
import type { SynonymMatcher, SynonymStore } from '../synonyms.ts';
import { planQuery, type QueryPlan } from './plan.ts';
import { openSearchSession, runSearch } from './query.ts';
import { correctQuery } from './correction.ts';
import { PlanCache } from './plan-cache.ts';
import { bulkInsertDocuments, clearDocuments, deleteDocuments, dropLoadIndexes, ensureLoadIndexes, rebuildTerms, writeDocuments } from './store.ts';

/**
 * Batches a reindex writes at once. to_tsvector runs in the database; with two statements in
 * flight both of its cores work, and the next batch is read and prepared (umlaut spellings, JSON)
 * in the meantime.
 */
const REINDEX_LOADERS = 3;

/**
 * The embedded search backend: weighted `german` tsvectors with GIN indexes in
 * search_documents, queries planned against the corpus vocabulary (see plan.ts).
 * Works the same on PGlite and PostgreSQL.
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly name = 'postgres';
  /** Documents in the index, for word weights: counted again when the index changed, at most every 10 s. */
  #documentCount: { value: number; at: number; version: string } | null = null;
  readonly #plans = new PlanCache();
  /** Pooled connections whose session `openSearchSession` readied (synchronised scans off). */
  readonly #ready = new WeakSet<object>();

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
    const synonyms = await this.#synonyms();
    return this.db.connection().execute(async (conn) => this.#plan(conn, q, await openSearchSession(conn), synonyms));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    // Before the connection is pinned: on PGlite the one connection is held until the search ends.
    const synonyms = await this.#synonyms();
    // One connection for the whole search.
    return this.db.connection().execute(async (conn) => {
      // The pooled connection itself (the driver keeps one object per client): readied once.
      const connection = await conn.getExecutor().provideConnection(async (c) => c);
      // A kept plan runs at once; the statement reads the vocabulary's version too, and the result
      // counts only if that is the plan's version (one round trip instead of two). Otherwise, and
      // on a connection not readied yet, the version is read first and the plan made again.
      if (this.#ready.has(connection)) {
        const kept = this.#plans.latest(query.q, synonyms.text);
        const count = kept ? this.#keptCount(kept.version) : null;
        if (kept && count !== null) {
          const result = await runSearch(conn, kept.plan, query, count, kept.version);
          if (result) return result;
        }
      }
      const version = await openSearchSession(conn);
      this.#ready.add(connection);
      const plan = await this.#plan(conn, query.q, version, synonyms);
      return (await runSearch(conn, plan, query, await this.#count(conn, version)))!;
    });
  }

  /** The synonyms in effect; they are reloaded every 30 s as a new matcher, their text says whether they changed. */
  async #synonyms(): Promise<{ matcher: SynonymMatcher; text: string }> {
    return { matcher: await this.synonyms.matcher(), text: JSON.stringify(await this.synonyms.custom()) };
  }

  async #plan(db: Kysely<DB>, q: string, version: string, synonyms: { matcher: SynonymMatcher; text: string }): Promise<QueryPlan> {
    const kept = this.#plans.get(q, version, synonyms.text);
    if (kept) return kept;
    const plan = await planQuery(db, q, synonyms.matcher);
    this.#plans.set(q, version, synonyms.text, plan);
    return plan;
  }

  correct(q: string, readable: readonly string[] | 'all'): Promise<string | null> {
    return correctQuery(this.db, q, readable);
  }

  async reindex(source: AsyncIterable<readonly SearchDocument[]>, onBatch?: (count: number) => void): Promise<number> {
    await clearDocuments(this.db);
    let total = 0;
    await dropLoadIndexes(this.db);
    try {
      const loading: Promise<void>[] = [];
      for await (const batch of source) {
        const load = bulkInsertDocuments(this.db, batch).then(() => {
          total += batch.length;
          onBatch?.(batch.length);
        });
        // Handled here so a failure while an earlier batch is awaited is not an unhandled rejection; awaited below.
        load.catch(() => {});
        loading.push(load);
        if (loading.length >= REINDEX_LOADERS) await loading.shift();
      }
      await Promise.all(loading);
    } catch (error) {
      await ensureLoadIndexes(this.db);
      throw error;
    }
    // The vocabulary is counted while the indexes are built (both only read the table).
    await Promise.all([ensureLoadIndexes(this.db), rebuildTerms(this.db)]);
    // Fresh statistics, so the planner picks the indexes for the new data.
    await sql`ANALYZE search_documents`.execute(this.db);
    await sql`ANALYZE search_terms`.execute(this.db);
    // Vacuumed too, so the best-title ranges are read from the index alone (visibility map set).
    await sql`VACUUM (ANALYZE) search_title_terms`.execute(this.db);
    this.#documentCount = null;
    return total;
  }

  /**
   * Queues pages whose indexed copy is missing or older than the page, and indexed pages that
   * are gone or archived. Covers changes made while no indexer ran and data from before search.
   */
  async queueStale(): Promise<number> {
    // A reindex that died during its bulk load left the tables without their indexes.
    await ensureLoadIndexes(this.db);
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

  /**
   * Document count for word weights; a few seconds stale is fine. Counting 100,000 rows took
   * 10–20 ms, paid by one search every 10 s before; an unchanged index needs no recount.
   */
  async #count(db: Kysely<DB>, version: string): Promise<number> {
    const kept = this.#keptCount(version);
    if (kept !== null) return kept;
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents`.execute(db);
    this.#documentCount = { value: Number(row.rows[0]?.n ?? 0), at: Date.now(), version };
    return this.#documentCount.value;
  }

  /** The kept document count if it holds under this version (counted under it, or less than 10 s ago). */
  #keptCount(version: string): number | null {
    const kept = this.#documentCount;
    return kept && (kept.version === version || Date.now() - kept.at < 10_000) ? kept.value : null;
  }
}
