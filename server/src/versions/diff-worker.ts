/**
 * Worker thread side of diff-pool.ts: computes one text diff per job, so a long diff never
 * holds the server's event loop.
 */
import { serveJobs } from '../workers/serve-jobs.ts';
import { textDiff, type DiffLimits, type TextDiff } from './text-diff.ts';

export interface DiffJob {
  before: string;
  after: string;
  names: { before: string; after: string };
  limits: DiffLimits;
}

serveJobs<DiffJob, TextDiff>((job) => textDiff(job.before, job.after, job.names, job.limits));
