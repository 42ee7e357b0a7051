import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTooLargeError } from './store.ts';

/** An upload written to a local temporary file, hashed on the way. */
export interface Spooled {
  path: string;
  sha256: string;
  size: number;
  /** The first bytes, for sniffing the type. */
  head: Buffer;
}

/** Enough for file-type and for telling text from binary. */
const HEAD_BYTES = 8192;

/**
 * Writes the stream to a new file in `dir` while hashing and counting it, so an upload is
 * never held in memory whole. Past `maxBytes` the stream is abandoned and the partial file
 * removed (FileTooLargeError); on any failure nothing is left behind.
 */
export async function spool(stream: Readable, dir: string, maxBytes: number): Promise<Spooled> {
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - headLength);
        headParts.push(Buffer.from(part));
        headLength += part.length;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await fs.promises.rm(file, { force: true });
    throw error;
  }
  return { path: file, sha256: hash.digest('hex'), size, head: Buffer.concat(headParts) };
}

/** Removes a spooled file (after it was adopted, or when the upload is refused). */
export async function discard(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}
