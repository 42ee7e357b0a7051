/**
 * Worker thread side of bounded-pool.ts: answers each job message with the handler's result or
 * the message of what it threw. A worker module calls `serveJobs` once, at its top level.
 */
import { parentPort } from 'node:worker_threads';

export interface JobMessage<J> {
  id: number;
  job: J;
}

/** A worker says `ready` once its module has loaded, then answers each job by its id. */
export type ResultMessage<R> = { ready: true } | { id: number; value: R } | { id: number; error: string };

export function serveJobs<J, R>(handle: (job: J) => R | Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  // A handler may be async (text extraction awaits its parsers); the pool runs one job per
  // worker at a time, so answers still go out in order.
  port.on('message', async ({ id, job }: JobMessage<J>) => {
    let result: ResultMessage<R>;
    try {
      result = { id, value: await handle(job) };
    } catch (err) {
      result = { id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
    }
    port.postMessage(result);
  });
  port.postMessage({ ready: true } satisfies ResultMessage<R>);
}
