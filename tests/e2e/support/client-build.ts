/**
 * Makes sure client/dist holds a build of the current client sources before a browser test
 * serves it: builds once when dist is missing or older than any source, with a lock directory
 * so parallel test workers do not build over each other.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const clientDist = path.join(repoRoot, 'client', 'dist');

const SOURCES = ['client/src', 'client/public', 'client/index.html', 'client/vite.config.ts', 'client/package.json', 'packages/schema/src'];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function clientBuildIsStale(): boolean {
  const index = path.join(clientDist, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(repoRoot, source)) > built);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureClientBuilt(): Promise<string> {
  const lock = path.join(repoRoot, 'client', '.build-lock');
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than five minutes was left by a killed run.
      if (waited > 300_000 || Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    if (clientBuildIsStale()) {
      execFileSync('pnpm', ['--filter', '@stafette/client', 'build'], { cwd: repoRoot, stdio: 'pipe', timeout: 240_000 });
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return clientDist;
}
