import fs from 'node:fs';
import net from 'node:net';

/** What clamd said of a file. */
export type ScanResult = { clean: true } | { clean: false; signature: string };

export class ScanFailedError extends Error {}

/** Chunks sent to clamd: well under its default StreamMaxLength chunking. */
const CHUNK = 64 * 1024;

/** `host:port` (a TCP clamd) or anything else as a Unix socket path. */
function connectOptions(target: string): net.NetConnectOpts {
  const tcp = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  if (tcp && !target.startsWith('/')) return { host: tcp[1]!, port: Number(tcp[2]) };
  return { path: target };
}

/**
 * Scans a local file with clamd's INSTREAM command (`zINSTREAM\0`, then chunks each prefixed
 * by their big-endian 32-bit length, then a zero length; clamd answers `stream: OK` or
 * `stream: <name> FOUND`). Anything else, a refused connection or clamd's own error (such as a
 * file past its StreamMaxLength), is a ScanFailedError: the upload is refused, never let through.
 */
export async function scanFile(target: string, file: string, timeoutMs = 5 * 60 * 1000): Promise<ScanResult> {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(connectOptions(target));
    const input = fs.createReadStream(file, { highWaterMark: CHUNK });
    const chunks: Buffer[] = [];
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      input.destroy();
      socket.destroy();
      reject(new ScanFailedError(`clamd at ${target}: ${error.message}`));
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('timed out')));
    socket.on('error', fail);
    input.on('error', fail);
    socket.on('data', (data: Buffer) => chunks.push(data));
    socket.on('end', () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim());
    });
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      input.on('data', (chunk) => {
        const data = chunk as Buffer;
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        socket.write(length);
        if (!socket.write(data)) {
          input.pause();
          socket.once('drain', () => input.resume());
        }
      });
      input.on('end', () => socket.write(Buffer.alloc(4)));
    });
  });
  if (/^stream: OK$/.test(reply)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1]! };
  throw new ScanFailedError(`clamd at ${target} answered "${reply.slice(0, 200)}"`);
}
