import type { FastifyBaseLogger } from 'fastify';
import { BoundedPool, DEFAULT_POOL_SIZE } from '../workers/bounded-pool.ts';
import { coarseTextDiff, DEFAULT_DIFF_LIMITS, type DiffLimits, type TextDiff, textDiff } from './text-diff.ts';
import type { DiffJob } from './diff-worker.ts';

export interface DiffPoolOptions {
  /** Worker threads; diffs beyond them wait in the queue. */
  size: number;
  /** Longest a diff runs in its worker; past it the worker is ended and the answer is coarse. */
  hardTimeoutMs: number;
  /** Longest a diff waits for a free worker; past it the answer is coarse. */
  maxWaitMs: number;
  /** Waiting diffs beyond this get the coarse answer at once. */
  maxQueue: number;
  /** Texts this short (both together, in characters) are diffed in place: at worst ~10 ms here. */
  inlineChars: number;
  limits: DiffLimits;
  /** Heap of one worker: a diff of huge texts ends the worker, not the server. */
  maxHeapMb: number;
}

const DEFAULT_DIFF_POOL: DiffPoolOptions = {
  size: DEFAULT_POOL_SIZE,
  hardTimeoutMs: 8000,
  maxWaitMs: 8000,
  maxQueue: 16,
  inlineChars: 1000,
  limits: DEFAULT_DIFF_LIMITS,
  maxHeapMb: 512,
};

type Names = { before: string; after: string };

/**
 * Text diffs of page versions off the event loop. Each diff is bounded in itself (text-diff.ts);
 * the pool (workers/bounded-pool.ts) adds a hard deadline that terminates a worker which
 * overruns it, and a queue bound, so a reader who asks for diffs of huge or hostile texts
 * cannot freeze or exhaust the server. Whatever keeps a diff from its worker, the answer is the
 * linear coarse diff.
 */
export class DiffPool {
  private readonly options: DiffPoolOptions;
  private readonly pool: BoundedPool<DiffJob, TextDiff>;

  constructor(options: Partial<DiffPoolOptions> = {}, log?: FastifyBaseLogger) {
    this.options = { ...DEFAULT_DIFF_POOL, ...options };
    const { size, hardTimeoutMs, maxWaitMs, maxQueue, maxHeapMb } = this.options;
    const pool = { name: 'version diff', size, hardTimeoutMs, maxWaitMs, maxQueue, maxHeapMb };
    this.pool = new BoundedPool(new URL('./diff-worker.ts', import.meta.url), pool, log);
  }

  async diff(before: string, after: string, names: Names): Promise<TextDiff> {
    if (before.length + after.length <= this.options.inlineChars) return textDiff(before, after, names, this.options.limits);
    const outcome = await this.pool.run({ before, after, names, limits: this.options.limits });
    return outcome.ok ? outcome.value : coarseTextDiff(before, after, names);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
