import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import { type DocumentStore, pageUpdatesStore } from './document-store.ts';

/**
 * The durable append log of document updates, with group commit: appends wait at most
 * `flushWindowMs` and are written together in one multi-row INSERT (PGlite manages ~10k
 * single-row inserts/s, ~126k rows/s batched). One flush runs at a time; what arrives meanwhile
 * forms the next batch. Compactions run in the same serial order, so a compaction never races
 * a flush of its page.
 *
 * `append` resolves once the row is committed, with the page's highest committed `seq`; every
 * append of one page in one flush shares that promise, so a document handles a flush as one
 * step. If a batch fails, each page's rows are retried on their own, so one bad page (deleted
 * meanwhile) does not fail the others.
 */
export interface LoadedLog {
  /** Snapshot first (when present), then the tail, in append order. */
  updates: Uint8Array[];
  /** Rows after the snapshot and their bytes: what compaction would fold. */
  tailRows: number;
  tailBytes: number;
  /** Bytes of all rows. */
  bytes: number;
  maxSeq: number;
}

interface PageGroup {
  pageId: string;
  rows: Uint8Array[];
  promise: Promise<number>;
  resolve(seq: number): void;
  reject(err: unknown): void;
}

export interface UpdateLogOptions {
  flushWindowMs: number;
  maxBatchRows: number;
}

export class UpdateLog {
  private batch = new Map<string, PageGroup>();
  private batchRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;
  /** Serialises flushes and compactions. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Counters for the benchmarks and tests. */
  readonly stats = { flushes: 0, rows: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: UpdateLogOptions,
    private readonly log: FastifyBaseLogger,
    /** The table of this document kind (pages by default). */
    private readonly store: DocumentStore = pageUpdatesStore,
  ) {}

  append(pageId: string, data: Uint8Array): Promise<number> {
    let group = this.batch.get(pageId);
    if (!group) {
      let resolve!: (seq: number) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
      // The document attaches its own handler; this one keeps an unobserved failure quiet.
      promise.catch(() => {});
      group = { pageId, rows: [], promise, resolve, reject };
      this.batch.set(pageId, group);
    }
    group.rows.push(data);
    this.batchRows += 1;
    if (this.batchRows >= this.options.maxBatchRows) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.flushWindowMs);
    return group.promise;
  }

  /** Resolves when everything appended so far is committed (or failed). */
  async flushed(): Promise<void> {
    if (this.batchRows > 0) this.kick();
    while (this.flushing || this.batchRows > 0) {
      await this.tail;
      if (this.batchRows > 0 && !this.flushing) this.kick();
    }
  }

  /** All rows of a page after every flush and compaction queued before the call. */
  async load(pageId: string): Promise<LoadedLog> {
    await this.tail.catch(() => {});
    const rows = await this.store.rows(this.db, pageId);
    let lastSnapshot = -1;
    rows.forEach((row, i) => {
      if (row.snapshot) lastSnapshot = i;
    });
    let bytes = 0;
    let tailBytes = 0;
    rows.forEach((row, i) => {
      bytes += row.data.length;
      if (i > lastSnapshot) tailBytes += row.data.length;
    });
    return {
      updates: rows.map((r) => r.data),
      tailRows: rows.length - lastSnapshot - 1,
      tailBytes,
      bytes,
      maxSeq: rows.length > 0 ? rows[rows.length - 1]!.seq : 0,
    };
  }

  /**
   * Replaces every row of the page up to `uptoSeq` by one snapshot row, in one transaction.
   * Rows appended later stay as the new tail. Returns the snapshot's seq.
   */
  compact(pageId: string, snapshot: Uint8Array, uptoSeq: number): Promise<number> {
    return this.serial(() =>
      this.db.transaction().execute((trx) => this.store.compact(trx, pageId, snapshot, uptoSeq)),
    );
  }

  /** Writes what is pending and stops the timer (shutdown). */
  async close(): Promise<void> {
    await this.flushed();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => {});
    return run;
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing || this.batchRows === 0) return;
    // Whole pages, up to the row limit (a single page may exceed it: written in chunks).
    const groups: PageGroup[] = [];
    let rows = 0;
    for (const group of this.batch.values()) {
      if (groups.length > 0 && rows + group.rows.length > this.options.maxBatchRows) break;
      groups.push(group);
      rows += group.rows.length;
    }
    for (const group of groups) this.batch.delete(group.pageId);
    this.batchRows -= rows;
    this.flushing = true;
    void this.serial(() => this.write(groups)).finally(() => {
      this.flushing = false;
      // What arrived during the flush already waited at least one window.
      if (this.batchRows > 0) this.kick();
    });
  }

  private async write(groups: PageGroup[]): Promise<void> {
    try {
      const seqs = await this.insert(groups);
      this.stats.flushes += 1;
      for (const group of groups) {
        this.stats.rows += group.rows.length;
        group.resolve(seqs.get(group.pageId)!);
      }
    } catch (err) {
      if (groups.length === 1) {
        this.log.error({ err, pageId: groups[0]!.pageId }, 'collab: storing updates failed');
        groups[0]!.reject(err);
        return;
      }
      for (const group of groups) await this.write([group]);
    }
  }

  private async insert(groups: PageGroup[]): Promise<Map<string, number>> {
    const values = groups.flatMap((g) => g.rows.map((data) => ({ documentId: g.pageId, data })));
    const seqs = new Map<string, number>();
    const run = async (db: Kysely<DB>) => {
      for (let i = 0; i < values.length; i += this.options.maxBatchRows) {
        const chunk = values.slice(i, i + this.options.maxBatchRows);
        const rows = await this.store.insert(db, chunk);
        for (const row of rows) seqs.set(row.documentId, Math.max(seqs.get(row.documentId) ?? 0, row.seq));
      }
    };
    if (values.length <= this.options.maxBatchRows) await run(this.db);
    else await this.db.transaction().execute(run);
    return seqs;
  }
}
