// Builds the web client when its sources changed since the last build (hash stamp in dist).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const inputs = ['client/src', 'client/public', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'packages/schema/src', 'packages/api/src'];
const distDir = path.join(root, 'client/dist');
const stampFile = path.join(distDir, '.build-stamp');

function* files(p) {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isFile()) {
    yield p;
    return;
  }
  for (const entry of fs.readdirSync(p).sort()) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    yield* files(path.join(p, entry));
  }
}

export function sourceHash() {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of files(path.join(root, input))) {
      hash.update(path.relative(root, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

/** Returns true when it built. */
export function buildClientIfChanged({ quiet = false } = {}) {
  if (!fs.existsSync(path.join(root, 'client/index.html'))) return false;
  const hash = sourceHash();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) return false;
  if (!quiet) console.log('Building the web client (sources changed)…');
  execFileSync('pnpm', ['--filter', '@stafette/client', 'build'], { cwd: root, stdio: quiet ? 'ignore' : 'inherit' });
  fs.writeFileSync(stampFile, hash);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildClientIfChanged();
