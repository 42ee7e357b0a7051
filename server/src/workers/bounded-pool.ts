import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { JobMessage, ResultMessage } from './serve-jobs.ts';

export interface BoundedPoolOptions {
  /** Names the pool's work in log lines ("version diff", "content conversion"). */
  name: string;
  /** Worker threads; jobs beyond them wait in the queue. */
  size: number;
  /** Longest a job may wait for a free, started worker; past it the job is refused as `busy`. */
  maxWaitMs: number;
  /** Longest a job may run in its worker; past it the worker is ended and the job is a `timeout`. */
  hardTimeoutMs: number;
  /** Jobs waiting beyond this are refused at once. */
  maxQueue: number;
  /** Heap of one worker: a job that needs more ends its worker, not the server. */
  maxHeapMb: number;
}

/** One or two workers, leaving a core to the event loop where there are two. */
export const DEFAULT_POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1));

/**
 * Why a job has no result: `busy` (queue full, or no worker free within `maxWaitMs`),
 * `timeout` (it ran past `hardTimeoutMs`; its worker was ended), `crashed` (its worker ended,
 * e.g. out of heap, or could not start), `error` (the job threw), `closed` (the pool was closed).
 */
export type PoolFailure = 'busy' | 'timeout' | 'crashed' | 'error' | 'closed';

export type PoolOutcome<R> = { ok: true; value: R } | { ok: false; reason: PoolFailure; detail: string };

interface Pending<J, R> {
  message: JobMessage<J>;
  resolve: (outcome: PoolOutcome<R>) => void;
  /** The wait deadline while queued, then the run deadline. */
  timer: NodeJS.Timeout;
  slot: Slot<J, R> | null;
  settled: boolean;
}

interface Slot<J, R> {
  worker: Worker;
  /** The worker's module has loaded: start-up time counts as waiting, not as the job's run. */
  ready: boolean;
  busy: Pending<J, R> | null;
}

const TSX_API_URL = import.meta.resolve('tsx/esm/api');

/**
 * A worker runs TypeScript sources like the rest of the server. tsx's loader is registered in
 * the worker itself: the parent may run under tsx (`pnpm start`) or under Vitest's own
 * transform, which a worker does not inherit.
 */
function bootstrap(moduleUrl: URL): URL {
  const source = `import { register } from ${JSON.stringify(TSX_API_URL)};\nregister();\nawait import(${JSON.stringify(moduleUrl.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

const CLOSED = { ok: false, reason: 'closed', detail: 'The worker pool is closed.' } as const;

/**
 * Runs jobs of one kind in worker threads (a module calling `serveJobs`), so that work whose
 * cost depends on what a user sent never holds the event loop. Every job is bounded: a hard
 * deadline ends a worker that overruns it, a heap limit ends one that grows too large, and the
 * queue is bounded in length and in waiting time. Each answer is an outcome, never a rejection:
 * the caller decides what a missing result means (a coarser answer, or a problem).
 */
export class BoundedPool<J, R> {
  private readonly script: URL;
  private readonly slots: Slot<J, R>[] = [];
  private readonly queue: Pending<J, R>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    workerModule: URL,
    private readonly options: BoundedPoolOptions,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.script = bootstrap(workerModule);
  }

  /** Runs `job` in a worker; job and result are structured-cloned. */
  run(job: J): Promise<PoolOutcome<R>> {
    if (this.closed) return Promise.resolve(CLOSED);
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.resolve({ ok: false, reason: 'busy', detail: `${this.options.maxQueue} jobs are already waiting.` });
    }
    return new Promise((resolve) => {
      const pending: Pending<J, R> = {
        message: { id: this.nextId++, job },
        resolve,
        slot: null,
        settled: false,
        timer: setTimeout(() => this.waitedTooLong(pending), this.options.maxWaitMs),
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Jobs waiting and running, and live workers (health, tests). */
  stats(): { waiting: number; running: number; workers: number } {
    return { waiting: this.queue.length, running: this.slots.filter((s) => s.busy).length, workers: this.slots.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, CLOSED);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.busy) this.settle(slot.busy, CLOSED);
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.busy);
      if (!slot) break;
      const pending = this.queue.shift()!;
      clearTimeout(pending.timer);
      pending.timer = setTimeout(() => this.overran(pending), this.options.hardTimeoutMs);
      try {
        slot.worker.postMessage(pending.message);
      } catch (err) {
        // The job cannot be cloned (e.g. nested too deep): it never reached the worker.
        this.settle(pending, { ok: false, reason: 'error', detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
        continue;
      }
      slot.busy = pending;
      pending.slot = slot;
    }
    // Workers still starting will take jobs when ready; start more only for jobs beyond them.
    const starting = this.slots.filter((s) => !s.ready).length;
    for (let more = this.queue.length - starting; more > 0 && this.slots.length < this.options.size; more--) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.script, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } });
    // An idle pool does not keep the process alive; a waiting request does.
    worker.unref();
    const slot: Slot<J, R> = { worker, ready: false, busy: null };
    worker.on('message', (message: ResultMessage<R>) => {
      if ('ready' in message) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const pending = slot.busy;
      if (!pending || pending.message.id !== message.id) return;
      slot.busy = null;
      if ('error' in message) {
        this.log?.error({ err: message.error }, `${this.options.name} failed in its worker`);
        this.settle(pending, { ok: false, reason: 'error', detail: message.error });
      } else {
        this.settle(pending, { ok: true, value: message.value });
      }
      this.dispatch();
    });
    const lost = (reason: unknown) => {
      if (!this.remove(slot)) return;
      const detail = reason instanceof Error ? reason.message : String(reason);
      if (!slot.ready) {
        // A worker that cannot start would fail every replacement too: refuse what waits.
        this.log?.error({ err: reason }, `${this.options.name} worker could not start`);
        for (const pending of this.queue.splice(0)) this.settle(pending, { ok: false, reason: 'crashed', detail });
        return;
      }
      const pending = slot.busy;
      slot.busy = null;
      if (pending) {
        this.log?.warn({ err: reason }, `${this.options.name} worker ended while running a job`);
        this.settle(pending, { ok: false, reason: 'crashed', detail });
      }
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
  }

  private waitedTooLong(pending: Pending<J, R>): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.log?.warn({ waitMs: this.options.maxWaitMs }, `${this.options.name} found no free worker in time`);
    this.settle(pending, { ok: false, reason: 'busy', detail: `No worker was free within ${this.options.maxWaitMs} ms.` });
  }

  /** Past the run deadline: the worker is ended with the job. */
  private overran(pending: Pending<J, R>): void {
    const slot = pending.slot;
    if (slot && slot.busy === pending) {
      slot.busy = null;
      this.remove(slot);
      void slot.worker.terminate();
    }
    this.log?.warn({ timeoutMs: this.options.hardTimeoutMs }, `${this.options.name} over its deadline; worker ended`);
    this.settle(pending, { ok: false, reason: 'timeout', detail: `Not done within ${this.options.hardTimeoutMs} ms.` });
    this.dispatch();
  }

  private remove(slot: Slot<J, R>): boolean {
    const index = this.slots.indexOf(slot);
    if (index < 0) return false;
    this.slots.splice(index, 1);
    return true;
  }

  /** Answers once. */
  private settle(pending: Pending<J, R>, outcome: PoolOutcome<R>): void {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }
}
