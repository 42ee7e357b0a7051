import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SearchUnavailableError, type SearchBackend } from './backend.ts';
import { loadSearchDocuments } from './documents.ts';

export interface IndexerOptions {
  batchSize?: number;
  /**
   * How often an idle indexer looks for queued work nobody woke it for: live-editing saves,
   * other processes (CLI, a second instance), retries whose backoff ran out.
   */
  pollMs?: number;
  /** Longest wait before a failing page is tried again. */
  maxBackoffMs?: number;
  onError?: (err: unknown, pageIds: readonly string[]) => void;
  /** Longest wait between tries while the backend is unavailable (Meilisearch down). */
  maxOutageBackoffMs?: number;
  /**
   * How long a claimed batch is this indexer's alone (default 5 minutes); past it, after a
   * crash, another instance or the next start takes it over.
   */
  claimLeaseMs?: number;
  /**
   * The database has one process (PGlite: the data directory is locked), so rows still leased at
   * start were claimed by a process that died: take them back at once instead of after the lease.
   */
  aloneOnDatabase?: boolean;
}

interface Claimed {
  page_id: string;
  seq: string;
  attempts: number;
}

/**
 * Drains search_outbox into a backend: batched, retried with backoff, idempotent. A row is
 * deleted only after its page was indexed, and only if nobody queued the page again meanwhile
 * (same seq), so a crash at any point leaves the work in the outbox for the next start.
 */
export class SearchIndexer {
  readonly #batchSize: number;
  readonly #pollMs: number;
  readonly #maxBackoffMs: number;
  readonly #claimLeaseMs: number;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #woken = false;
  /** Consecutive batches that failed because the backend was unavailable. */
  #outages = 0;
  readonly #preparers: ((pageIds: readonly string[]) => Promise<void>)[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly backend: SearchBackend,
    private readonly options: IndexerOptions = {},
  ) {
    this.#batchSize = options.batchSize ?? 100;
    this.#pollMs = options.pollMs ?? 250;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10 * 60_000;
    this.#claimLeaseMs = options.claimLeaseMs ?? 5 * 60_000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#releaseDeadClaims().then(() => this.#run());
  }

  async #releaseDeadClaims(): Promise<void> {
    if (!this.options.aloneOnDatabase) return;
    await sql`UPDATE search_outbox SET next_attempt_at = now() WHERE next_attempt_at > now()`
      .execute(this.db)
      .catch((err: unknown) => this.options.onError?.(err, []));
  }

  /** Finishes the batch in progress, then stops. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = null;
  }

  /**
   * Work may be waiting: a change committed in this process (the search plugin calls this
   * after every successful write request). Looks at once instead of at the next poll.
   */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /**
   * Work to do for a batch's pages before their documents are read: the text of files added
   * to them is extracted here (server/src/files/text). A preparer that throws fails the pages
   * like a backend write does (retried with backoff).
   */
  beforeIndex(prepare: (pageIds: readonly string[]) => Promise<void>): void {
    this.#preparers.push(prepare);
  }

  /** Indexes until nothing due is left; returns how many outbox rows were handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      if (n === 0) return total;
      total += n;
    }
  }

  /** One batch: claim due rows, index them, acknowledge. Returns the number of rows taken. */
  async drainOnce(): Promise<number> {
    // Claimed rows are leased (their next try moved past the lease), so an indexer of another
    // instance on the same database neither takes them now (SKIP LOCKED) nor after this commit.
    // A crash leaves them to whoever looks once the lease has run out.
    const claimed = await sql<Claimed>`
      UPDATE search_outbox o SET next_attempt_at = now() + make_interval(secs => ${this.#claimLeaseMs / 1000})
      FROM (
        SELECT page_id FROM search_outbox
        WHERE next_attempt_at <= now() ORDER BY enqueued_at, page_id LIMIT ${this.#batchSize}
        FOR UPDATE SKIP LOCKED) due
      WHERE o.page_id = due.page_id
      RETURNING o.page_id, o.seq::text AS seq, o.attempts`.execute(this.db);
    const rows = claimed.rows;
    if (rows.length === 0) return 0;
    let settled = 0;
    try {
      try {
        await this.#process(rows.map((r) => r.page_id));
        await this.#acknowledge(rows);
        settled = rows.length;
      } catch (err) {
        if (err instanceof SearchUnavailableError) throw err;
        // Find the page(s) at fault: the others go through on their own.
        for (const row of rows) {
          try {
            await this.#process([row.page_id]);
            await this.#acknowledge([row]);
          } catch (err) {
            if (err instanceof SearchUnavailableError) throw err;
            await this.#fail(row, err);
          }
          settled += 1;
        }
      }
    } catch (err) {
      // The backend is down: no page is at fault; the rows not settled are due again at once.
      await this.#release(rows.slice(settled)).catch(() => undefined);
      throw err;
    }
    return rows.length;
  }

  async #release(rows: Claimed[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      UPDATE search_outbox o SET next_attempt_at = now()
      FROM unnest(${rows.map((r) => r.page_id)}::uuid[], ${rows.map((r) => r.seq)}::bigint[]) AS held(page_id, seq)
      WHERE o.page_id = held.page_id AND o.seq = held.seq`.execute(this.db);
  }

  async #process(pageIds: string[]): Promise<void> {
    for (const prepare of this.#preparers) await prepare(pageIds);
    const { documents, gone } = await loadSearchDocuments(this.db, pageIds);
    await this.backend.index(documents);
    await this.backend.remove(gone);
  }

  /**
   * Deletes the rows still as claimed. A page whose row changed or went meanwhile is queued again
   * (search_enqueue, migration 0006): a newer change, or another indexer (a second instance) that
   * claimed the page again, indexed it and deleted its row. That indexer read the page later but
   * may have written first, and this write, of the page as it was before, would then stay.
   */
  async #acknowledge(rows: Claimed[]): Promise<void> {
    await sql`
      WITH done AS (SELECT * FROM unnest(${rows.map((r) => r.page_id)}::uuid[], ${rows.map((r) => r.seq)}::bigint[]) AS d(page_id, seq)),
      acknowledged AS (DELETE FROM search_outbox o USING done WHERE o.page_id = done.page_id AND o.seq = done.seq RETURNING o.page_id)
      SELECT search_enqueue(array_agg(page_id)) FROM done WHERE page_id NOT IN (SELECT page_id FROM acknowledged)`.execute(this.db);
  }

  async #fail(row: Claimed, err: unknown): Promise<void> {
    this.options.onError?.(err, [row.page_id]);
    const backoff = Math.min(this.#maxBackoffMs, 1000 * 2 ** Math.min(row.attempts, 20));
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    await sql`
      UPDATE search_outbox SET attempts = attempts + 1, last_error = ${message},
        next_attempt_at = now() + make_interval(secs => ${backoff / 1000})
      WHERE page_id = ${row.page_id} AND seq = ${row.seq}::bigint`.execute(this.db);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let handled = 0;
      try {
        this.#woken = false;
        handled = await this.drainOnce();
        this.#outages = 0;
      } catch (err) {
        // The database or the search backend is unreachable: wait and try again; the rows stay
        // queued. Wake-ups don't shorten the wait, or every page edit would hammer a dead service.
        this.options.onError?.(err, []);
        this.#outages += 1;
        if (this.#running) await this.#pause(Math.min(this.options.maxOutageBackoffMs ?? 30_000, this.#pollMs * 2 ** Math.min(this.#outages, 10)));
        continue;
      }
      // Woken while draining: the change may have committed after this batch was claimed.
      if (handled > 0 || this.#woken || !this.#running) continue;
      await this.#sleep(this.#pollMs);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const stopCheck = setInterval(() => {
        if (!this.#running) done();
      }, 50);
      function done() {
        clearTimeout(timer);
        clearInterval(stopCheck);
        resolve();
      }
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }
}
