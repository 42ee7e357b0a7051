// `pnpm bench [name…]`: runs the benchmarks in bench/<name>/run.ts one after another.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './client-build.mjs';

const benchDir = path.join(root, 'bench');
const all = fs.readdirSync(benchDir).filter((d) => fs.existsSync(path.join(benchDir, d, 'run.ts'))).sort();
const chosen = process.argv.length > 2 ? process.argv.slice(2) : all;
let failed = 0;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, name, 'run.ts')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
