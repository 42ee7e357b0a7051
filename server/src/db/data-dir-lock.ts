import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * PGlite allows one process per data directory; a second one would corrupt it. The lock is a
 * listening Unix socket: the kernel closes it the moment its process dies, so a supervisor can
 * restart at once after a SIGKILL, even while the killed process is still an unreaped zombie
 * (a pid file would still name a "living" process then). Linux uses the abstract namespace (no
 * file, no path-length limit); elsewhere the socket is a file in the data directory.
 */
export class DataDirLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number | null) {
    super(
      `The embedded database in ${dir} is in use by another Stafette process${pid ? ` (pid ${pid})` : ''}. ` +
        'Stop the server first, or run this command against PostgreSQL with DATABASE_URL.',
    );
  }
}

function socketAddress(dir: string): string {
  const real = fs.realpathSync(dir);
  if (process.platform === 'linux') {
    return `\0stafette-data-dir-${crypto.createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  }
  return path.join(real, 'stafette.lock.sock');
}

function listen(address: string): Promise<net.Server | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    // The owner answers every knock with its pid, so the refusal can name it.
    const server = net.createServer((socket) => socket.end(String(process.pid)));
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen(address, () => {
      server.unref();
      resolve(server);
    });
  });
}

/** The pid of the process holding the lock, 0 if it answered without one, null if nobody listens. */
function ownerOf(address: string): Promise<number | null> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(address);
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(Number(answer) || 0));
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(Number(answer) || 0));
  });
}

export async function lockDataDir(dir: string): Promise<() => void> {
  fs.mkdirSync(dir, { recursive: true });
  const address = socketAddress(dir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await listen(address);
    if (result instanceof net.Server) return () => void result.close();
    if (result.code !== 'EADDRINUSE') throw result;
    const owner = await ownerOf(address);
    if (owner !== null) throw new DataDirLockedError(dir, owner || null);
    // A socket file left by a killed process on a non-Linux system: nobody listens on it.
    if (!address.startsWith('\0')) fs.rmSync(address, { force: true });
    // A lock closed a moment ago (this process reopening its own directory) is released on the next turn.
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  throw new Error(`Could not lock ${dir}`);
}
