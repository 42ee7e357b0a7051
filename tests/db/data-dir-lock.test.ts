import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../server/src/db/data-dir-lock.ts';

const lockModule = fileURLToPath(new URL('../../server/src/db/data-dir-lock.ts', import.meta.url));

// A parent that starts a lock holder and then blocks its own event loop, so it cannot reap the
// holder after a SIGKILL: the holder stays a zombie, as under a busy or slow supervisor.
const parentScript = `
const { spawn } = require('node:child_process');
const holder = spawn(process.execPath, ['--import', 'tsx/esm', '-e', process.argv[1]], { stdio: ['ignore', 'pipe', 'inherit'] });
holder.stdout.on('data', (chunk) => {
  if (!chunk.toString().includes('locked')) return;
  process.stdout.write(String(holder.pid) + '\\n');
  const until = Date.now() + 15000;
  while (Date.now() < until) {}
  process.exit(0);
});`;

function holderScript(dir: string): string {
  return `import(${JSON.stringify(lockModule)}).then((m) => m.lockDataDir(${JSON.stringify(dir)})).then(() => { console.log('locked'); setInterval(() => {}, 1000); });`;
}

function processState(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? null;
  } catch {
    return null;
  }
}

describe('data directory lock', () => {
  let parent: ChildProcess | undefined;
  afterEach(() => parent?.kill('SIGKILL'));

  it.runIf(process.platform === 'linux')('is free again the moment its holder is killed, even before the holder is reaped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-lock-'));
    parent = spawn(process.execPath, ['-e', parentScript, holderScript(dir)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    const holderPid = await new Promise<number>((resolve, reject) => {
      parent!.stdout!.on('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      parent!.on('exit', () => reject(new Error('the lock holder did not start')));
    });

    const refusal = await lockDataDir(dir).then(() => null, (err: unknown) => err);
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as DataDirLockedError).pid).toBe(holderPid);

    process.kill(holderPid, 'SIGKILL');
    for (let i = 0; i < 100 && processState(holderPid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(processState(holderPid)).toBe('Z');

    const unlock = await lockDataDir(dir);
    unlock();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('refuses a second holder in the same process until the first unlocks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-lock-'));
    const unlock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    unlock();
    await new Promise((r) => setTimeout(r, 10));
    (await lockDataDir(dir))();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
