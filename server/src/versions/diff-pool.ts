import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { coarseTextDiff, DEFAULT_DIFF_LIMITS, type DiffLimits, type TextDiff, textDiff } from './text-diff.ts';
import type { DiffJob, DiffResult } from './diff-worker.ts';

export interface DiffPoolOptions {
  /** Worker threads; diffs beyond them wait in the queue. */
  size: number;
  /** From the request to the answer; past it the worker is ended and the answer is coarse. */
  hardTimeoutMs: number;
  /** Waiting diffs beyond this get the coarse answer at once. */
  maxQueue: number;
  /** Texts this short (both together, in characters) are diffed in place: at worst ~10 ms here. */
  inlineChars: number;
  limits: DiffLimits;
  /** Heap of one worker: a diff of huge texts ends the worker, not the server. */
  maxHeapMb: number;
}

export const DEFAULT_DIFF_POOL: DiffPoolOptions = {
  size: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  hardTimeoutMs: 8000,
  maxQueue: 16,
  inlineChars: 1000,
  limits: DEFAULT_DIFF_LIMITS,
  maxHeapMb: 512,
};

type Names = { before: string; after: string };

interface Pending {
  job: DiffJob;
  resolve: (diff: TextDiff) => void;
  timer: NodeJS.Timeout;
  slot: Slot | null;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * The worker runs TypeScript sources like the rest of the server. tsx's loader is registered
 * in the worker itself: the parent may run under tsx (`pnpm start`) or under Vitest's own
 * transform, which a worker does not inherit.
 */
const WORKER_URL = new URL('./diff-worker.ts', import.meta.url).href;
const TSX_API_URL = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = new URL(
  `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(TSX_API_URL)};\nregister();\nawait import(${JSON.stringify(WORKER_URL)});\n`)}`,
);

/**
 * Text diffs of page versions off the event loop. Each diff is bounded in itself (text-diff.ts);
 * the pool adds a hard deadline that terminates a worker which overruns it, and a queue bound,
 * so a reader who asks for diffs of huge or hostile texts cannot freeze or exhaust the server.
 */
export class DiffPool {
  private readonly options: DiffPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    options: Partial<DiffPoolOptions> = {},
    private readonly log?: FastifyBaseLogger,
  ) {
    this.options = { ...DEFAULT_DIFF_POOL, ...options };
  }

  diff(before: string, after: string, names: Names): Promise<TextDiff> {
    if (before.length + after.length <= this.options.inlineChars) return Promise.resolve(textDiff(before, after, names, this.options.limits));
    if (this.closed || this.queue.length >= this.options.maxQueue) return Promise.resolve(coarseTextDiff(before, after, names));
    return new Promise((resolve) => {
      const pending: Pending = {
        job: { id: this.nextId++, before, after, names, limits: this.options.limits },
        resolve,
        slot: null,
        settled: false,
        timer: setTimeout(() => this.overrun(pending), this.options.hardTimeoutMs),
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, null);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.busy) this.settle(slot.busy, null);
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      pending.slot = slot;
      slot.worker.postMessage(pending.job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } });
    // An idle pool does not keep the process alive; a waiting request does.
    worker.unref();
    const slot: Slot = { worker, busy: null };
    worker.on('message', (result: DiffResult) => {
      const pending = slot.busy;
      if (!pending || pending.job.id !== result.id) return;
      slot.busy = null;
      if ('error' in result) this.log?.error({ err: result.error }, 'version diff failed in its worker');
      this.settle(pending, 'diff' in result ? result.diff : null);
      this.dispatch();
    });
    const lost = (reason: unknown) => {
      this.remove(slot);
      if (slot.busy) {
        this.log?.warn({ err: reason }, 'version diff worker ended; answering with a coarse diff');
        this.settle(slot.busy, null);
        slot.busy = null;
      }
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Past the hard deadline: the job leaves the queue, or its worker is ended. */
  private overrun(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = pending.slot;
    if (slot && slot.busy === pending) {
      slot.busy = null;
      this.remove(slot);
      void slot.worker.terminate();
    }
    this.log?.warn({ timeoutMs: this.options.hardTimeoutMs }, 'version diff over its deadline; answering with a coarse diff');
    this.settle(pending, null);
    this.dispatch();
  }

  private remove(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
  }

  /** Answers once: the worker's diff, or the linear coarse diff. */
  private settle(pending: Pending, diff: TextDiff | null): void {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    pending.resolve(diff ?? coarseTextDiff(pending.job.before, pending.job.after, pending.job.names));
  }
}
