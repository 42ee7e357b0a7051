// `pnpm test`: the whole suite (unit, integration on PGlite and, with DATABASE_URL, on
// PostgreSQL, collaboration with real clients, end-to-end in Debian's Chromium).
// Ends with a plain `N passed, N failed, N skipped` line.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildClientIfChanged, root } from './client-build.mjs';

const CHROMIUM = '/usr/bin/chromium';
const APT = 'apt-get update && apt-get install -y --no-install-recommends chromium';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    console.log(`Chromium is missing; installing Debian's package for the browser tests…`);
    execFileSync('sh', ['-c', APT], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  console.error(`The browser tests need Debian's Chromium at ${CHROMIUM}. Install it with:\n  sudo sh -c '${APT}'`);
  process.exit(1);
}

ensureChromium();
buildClientIfChanged();

const report = path.join(root, '.artifacts/vitest-report.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: process.env },
);

if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // Files that failed to load count as failures even though they hold no test results.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${skipped} skipped`);
} else {
  console.log('\n0 passed, 1 failed, 0 skipped');
}
process.exit(result.status ?? 1);
