import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The EICAR test file: harmless, and every scanner reports it as malware. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Why clamd cannot run here, or null when it can (Debian's clamav-daemon). */
export function clamdMissing(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v clamd'], { encoding: 'utf8' });
  return found.status === 0 ? null : 'clamd is not installed (apt-get install clamav-daemon); .ci/run installs it';
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect({ path: socket });
    let reply = '';
    conn.on('connect', () => conn.write('zPING\0'));
    conn.on('data', (d) => (reply += d.toString()));
    conn.on('end', () => resolve(reply.includes('PONG')));
    conn.on('error', () => resolve(false));
  });
}

/**
 * A clamd of the test's own: its database is one signature for the EICAR string (signature
 * downloads are not reachable), its socket in a temporary directory. Resolves once it answers PING.
 */
export async function startClamd(): Promise<{ socket: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-clamd-'));
  const db = path.join(dir, 'db');
  fs.mkdirSync(db);
  fs.writeFileSync(path.join(db, 'stafette-eicar.ndb'), `Stafette.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const socket = path.join(dir, 'clamd.sock');
  const conf = path.join(dir, 'clamd.conf');
  fs.writeFileSync(
    conf,
    [`DatabaseDirectory ${db}`, `LocalSocket ${socket}`, 'Foreground yes', `LogFile ${path.join(dir, 'clamd.log')}`, 'StreamMaxLength 200M', 'MaxFileSize 200M', 'MaxScanSize 400M', ''].join('\n'),
  );
  const child: ChildProcess = spawn('clamd', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error(`clamd exited: ${stderr}${fs.existsSync(path.join(dir, 'clamd.log')) ? fs.readFileSync(path.join(dir, 'clamd.log'), 'utf8') : ''}`);
    if (fs.existsSync(socket) && (await ping(socket))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    socket,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
