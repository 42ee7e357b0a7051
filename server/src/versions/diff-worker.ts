/**
 * Worker thread side of diff-pool.ts: computes one text diff per message, so a long diff never
 * holds the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { textDiff, type DiffLimits, type TextDiff } from './text-diff.ts';

export interface DiffJob {
  id: number;
  before: string;
  after: string;
  names: { before: string; after: string };
  limits: DiffLimits;
}

export type DiffResult = { id: number; diff: TextDiff } | { id: number; error: string };

parentPort?.on('message', (job: DiffJob) => {
  let result: DiffResult;
  try {
    result = { id: job.id, diff: textDiff(job.before, job.after, job.names, job.limits) };
  } catch (err) {
    result = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(result);
});
