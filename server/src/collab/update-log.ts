import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import { type DocumentStore, pageUpdatesStore } from './document-store.ts';

/**
 * The durable append log of document updates, with group commit. Appends collect for
 * `flushWindowMs` (0: until the end of the current event-loop turn) and are written together
 * in one INSERT, one row per document (a bundle of its updates, see document-store.ts). Up to
 * `flushesInFlight` such flushes run at once on their own connections; a batch whose window
 * ended while they were all busy starts as soon as one is done, so under load batches grow
 * instead of queueing. A batch never starts before its window ended (unless it reached
 * `maxBatchRows`): every statement costs the app ~100 µs of CPU (driver, syscalls) besides the
 * database's work, and the relay does not wait on it (room.ts), so the window costs no latency
 * anyone sees but the "stored" mark.
 *
 * `append` resolves once the row is committed, with the seqs of the rows that hold the page's
 * updates of that flush; every append of one page in one flush shares that promise, so a
 * document handles a flush as one step. Flushes hand their results back in the order they started, whatever order their
 * commits finish in: a document applies and relays its updates in order. If a batch fails,
 * each page's updates are retried on their own, so one bad page (deleted meanwhile) does not
 * fail the others.
 *
 * Compactions are exclusive: one waits until every running flush has handed back (and its
 * documents applied the rows), and no flush starts while it runs, so the snapshot a document
 * hands over holds every row it names. A compaction deletes exactly the rows named (see
 * `replaceWithSnapshot`): rows another process appended to the same document stay.
 */
export interface LoadedLog {
  /** Snapshot first (when present), then the tail, in append order. */
  updates: Uint8Array[];
  /**
   * Updates and bytes besides the last snapshot: what compaction would fold (rows another
   * process wrote before that snapshot included).
   */
  tailUpdates: number;
  tailBytes: number;
  /** Bytes of all updates. */
  bytes: number;
  /** Seqs of every row loaded. */
  seqs: number[];
}

/** What a compaction writes: the document holding exactly the rows `seqs`, which it replaces. */
export interface Snapshot {
  data: Uint8Array;
  seqs: number[];
}

interface PageGroup {
  pageId: string;
  updates: Uint8Array[];
  promise: Promise<number[]>;
  resolve(seqs: number[]): void;
  reject(err: unknown): void;
}

type Outcome = { group: PageGroup; seqs: number[] } | { group: PageGroup; err: unknown };

export interface UpdateLogOptions {
  flushWindowMs: number;
  maxBatchRows: number;
  flushesInFlight: number;
}

export class UpdateLog {
  private batch = new Map<string, PageGroup>();
  private batchUpdates = 0;
  private kickScheduled = false;
  /** The batch waited its window (or is full): it starts once a flush slot is free. */
  private due = false;
  /** Flushes whose INSERT is running. */
  private writing = 0;
  /** Settles once every flush started so far has handed back its results. */
  private handedBack: Promise<void> = Promise.resolve();
  /** Compactions queued or running; no flush starts meanwhile. */
  private exclusiveWaiting = 0;
  private exclusiveTail: Promise<unknown> = Promise.resolve();
  /** Counters for the benchmarks and tests. */
  readonly stats = { flushes: 0, updates: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: UpdateLogOptions,
    private readonly log: FastifyBaseLogger,
    /** The table of this document kind (pages by default). */
    private readonly store: DocumentStore = pageUpdatesStore,
  ) {}

  append(pageId: string, data: Uint8Array): Promise<number[]> {
    let group = this.batch.get(pageId);
    if (!group) {
      let resolve!: (seqs: number[]) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<number[]>((res, rej) => ((resolve = res), (reject = rej)));
      // The document attaches its own handler; this one keeps an unobserved failure quiet.
      promise.catch(() => {});
      group = { pageId, updates: [], promise, resolve, reject };
      this.batch.set(pageId, group);
    }
    group.updates.push(data);
    this.batchUpdates += 1;
    if (this.batchUpdates >= this.options.maxBatchRows) this.startDue();
    else this.scheduleKick();
    return group.promise;
  }

  /** Resolves when everything appended so far is committed (or failed) and handed back. */
  async flushed(): Promise<void> {
    while (this.batchUpdates > 0 || this.writing > 0) {
      this.startDue();
      await Promise.all([this.handedBack, this.exclusiveTail]);
    }
    await this.handedBack;
  }

  /** All rows of a page after every flush and compaction started before the call. */
  async load(pageId: string): Promise<LoadedLog> {
    await Promise.all([this.handedBack, this.exclusiveTail]);
    const rows = await this.store.rows(this.db, pageId);
    let lastSnapshot = -1;
    rows.forEach((row, i) => {
      if (row.snapshot) lastSnapshot = i;
    });
    const updates = rows.flatMap((row) => row.updates);
    const tail = rows.filter((_, i) => i !== lastSnapshot).flatMap((row) => row.updates);
    const sum = (list: Uint8Array[]) => list.reduce((n, u) => n + u.length, 0);
    return {
      updates,
      tailUpdates: tail.length,
      tailBytes: sum(tail),
      bytes: sum(updates),
      seqs: rows.map((row) => row.seq),
    };
  }

  /**
   * Replaces the rows a snapshot names by one snapshot row, in one transaction. `take` is
   * called once no flush is running and every committed row has been handed back, so it sees
   * the document with all of them; it returns null when there is nothing to fold. Rows
   * appended later, or by another process, stay. Resolves with the snapshot row's seq.
   */
  compact(pageId: string, take: () => Snapshot | null): Promise<number | null> {
    return this.exclusive(async () => {
      const snapshot = take();
      if (!snapshot) return null;
      return this.db.transaction().execute((trx) => this.store.compact(trx, pageId, snapshot.data, snapshot.seqs));
    });
  }

  /** Writes what is pending (shutdown). */
  async close(): Promise<void> {
    await this.flushed();
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.exclusiveWaiting += 1;
    const run = this.exclusiveTail.then(async () => {
      try {
        await this.handedBack;
        // Let the documents' commit handlers run before the task looks at them.
        await new Promise((resolve) => setImmediate(resolve));
        return await task();
      } finally {
        this.exclusiveWaiting -= 1;
        this.kick();
      }
    });
    this.exclusiveTail = run.catch(() => {});
    return run;
  }

  /** Batches what arrives in this event-loop turn (or window) before writing it. */
  private scheduleKick(): void {
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    const fire = () => {
      this.kickScheduled = false;
      this.startDue();
    };
    if (this.options.flushWindowMs > 0) setTimeout(fire, this.options.flushWindowMs);
    else setImmediate(fire);
  }

  /** What is batched now is due: write it as soon as a flush slot is free. */
  private startDue(): void {
    this.due = true;
    this.kick();
  }

  private kick(): void {
    while (this.due && this.batchUpdates > 0 && this.writing < this.options.flushesInFlight && this.exclusiveWaiting === 0) {
      this.start(this.takeBatch());
    }
    if (this.batchUpdates === 0) this.due = false;
  }

  /** Whole pages, up to `maxBatchRows` updates (a single page may exceed it). */
  private takeBatch(): PageGroup[] {
    const groups: PageGroup[] = [];
    let updates = 0;
    for (const group of this.batch.values()) {
      if (groups.length > 0 && updates + group.updates.length > this.options.maxBatchRows) break;
      groups.push(group);
      updates += group.updates.length;
    }
    for (const group of groups) this.batch.delete(group.pageId);
    this.batchUpdates -= updates;
    return groups;
  }

  private start(groups: PageGroup[]): void {
    this.writing += 1;
    const outcomes = this.write(groups);
    const previous = this.handedBack;
    this.handedBack = outcomes.then(async (results) => {
      await previous;
      this.stats.flushes += 1;
      for (const outcome of results) {
        if ('err' in outcome) {
          outcome.group.reject(outcome.err);
        } else {
          this.stats.updates += outcome.group.updates.length;
          outcome.group.resolve(outcome.seqs);
        }
      }
    });
    void outcomes.then(() => {
      this.writing -= 1;
      this.kick();
    });
  }

  private async write(groups: PageGroup[]): Promise<Outcome[]> {
    try {
      const seqs = await this.insert(groups);
      return groups.map((group) => ({ group, seqs: seqs.get(group.pageId)! }));
    } catch (err) {
      if (groups.length === 1) {
        this.log.error({ err, pageId: groups[0]!.pageId }, 'collab: storing updates failed');
        return [{ group: groups[0]!, err }];
      }
      const outcomes: Outcome[] = [];
      for (const group of groups) outcomes.push(...(await this.write([group])));
      return outcomes;
    }
  }

  /** One statement: one row per page, several when a page's updates exceed MAX_BUNDLE_BYTES. */
  private async insert(groups: PageGroup[]): Promise<Map<string, number[]>> {
    const rows = groups.flatMap((g) => bundles(g.updates).map((updates) => ({ documentId: g.pageId, updates })));
    const seqs = new Map<string, number[]>(groups.map((g) => [g.pageId, []]));
    for (const row of await this.store.insert(this.db, rows)) seqs.get(row.documentId)!.push(row.seq);
    return seqs;
  }
}

/** Most bytes in one bundle row (a single larger update gets a row of its own). */
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

function bundles(updates: Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let bytes = 0;
  for (const update of updates) {
    if (current.length > 0 && bytes + update.length > MAX_BUNDLE_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(update);
    bytes += update.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}
