// `pnpm reliability`: the long forms of the reliability suite (tests/reliability), then the
// table of what each fault cost. Exits non-zero when anything was lost. `pnpm test` runs the
// same suites in their short form. Override any figure through the environment, e.g.
// `STAFETTE_CRASH_ROUNDS=5 pnpm reliability`; `STAFETTE_FUZZ_SEED` replays a run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './client-build.mjs';

const long = {
  STAFETTE_FUZZ_RUNS: '300',
  STAFETTE_WS_FUZZ_FRAMES: '100000',
  STAFETTE_CRASH_CLIENTS: '100',
  STAFETTE_CRASH_PAGES: '20',
  STAFETTE_CRASH_ROUNDS: '20',
  STAFETTE_CRASH_IMPORTS: '20',
  STAFETTE_SOAK_CLIENTS: '500',
  STAFETTE_SOAK_PAGES: '100',
  STAFETTE_SOAK_MINUTES: '30',
  STAFETTE_SOAK_HEAP_SNAPSHOTS: '1',
  STAFETTE_FUZZ_SEED: String(Date.now() % 1_000_000_000),
};
const env = { ...long, ...process.env };
const reportDir = path.join(root, '.artifacts/reliability');
fs.rmSync(reportDir, { recursive: true, force: true });
console.log(`Reliability suite, seed ${env.STAFETTE_FUZZ_SEED} (replay with STAFETTE_FUZZ_SEED=${env.STAFETTE_FUZZ_SEED})`);
const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/reliability', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...env, STAFETTE_RELIABILITY_LONG: '1' },
});

const rows = fs.existsSync(reportDir) ? fs.readdirSync(reportDir).map((f) => JSON.parse(fs.readFileSync(path.join(reportDir, f), 'utf8'))) : [];
const table = [['fault', 'backend', 'injected', 'lost', 'degraded (max)', 'detail'], ...rows.map((r) => [r.fault, r.backend, String(r.injected), String(r.lost), r.degradedMs === undefined ? '–' : `${(r.degradedMs / 1000).toFixed(1)} s`, r.detail])];
const widths = table[0].slice(0, 5).map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log('\n' + table.map((row) => row.map((cell, i) => (i < 5 ? cell.padEnd(widths[i]) : cell)).join('  ')).join('\n'));
const lost = rows.reduce((n, r) => n + r.lost, 0);
console.log(`\n${rows.length} faults, ${lost} lost${run.status === 0 ? '' : ', some suites failed'}`);
process.exit(lost > 0 || run.status !== 0 ? 1 : 0);
