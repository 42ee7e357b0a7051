/** Worker for bounded-pool.test.ts: jobs that answer, spin, throw, outgrow the heap or exit. */
import { threadId } from 'node:worker_threads';
import { serveJobs } from './serve-jobs.ts';

export type FixtureJob =
  | { kind: 'square'; n: number }
  | { kind: 'spin'; ms: number }
  | { kind: 'throw'; message: string }
  | { kind: 'grow' }
  | { kind: 'exit' };

const kept: string[][] = [];

serveJobs<FixtureJob, { value: number; threadId: number }>((job) => {
  switch (job.kind) {
    case 'square':
      return { value: job.n * job.n, threadId };
    case 'spin': {
      const until = Date.now() + job.ms;
      let turns = 0;
      while (Date.now() < until) turns++;
      return { value: turns, threadId };
    }
    case 'throw':
      throw new RangeError(job.message);
    case 'grow':
      for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `entry ${i} ${kept.length}`));
    case 'exit':
      process.exit(3);
  }
});
