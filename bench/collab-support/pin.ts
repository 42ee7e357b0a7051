import { spawnSync } from 'node:child_process';

/**
 * The load generator runs on one core and the servers on the other, so neither steals the
 * other's CPU. `pinSelf(1)` re-runs the current script under `taskset -c 1` (once) and exits
 * with its status; without taskset it carries on unpinned and says so.
 */
export function pinSelf(core: number): void {
  if (process.env.BENCH_PINNED === '1') return;
  const probe = spawnSync('taskset', ['--version']);
  if (probe.error) {
    console.warn('taskset not found: the load generator is not pinned');
    return;
  }
  const result = spawnSync('taskset', ['-c', String(core), process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  process.exit(result.status ?? 1);
}

/** Node arguments to run TypeScript sources in a child (tsx, as the parent does). */
export const tsxArgs = ['--import', 'tsx'];
