import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live: content-addressed by their SHA-256, so the same file uploaded
 * twice is stored once, and a name from a user never becomes a path. The database
 * (`file_blobs`, `attachments`) says which blobs exist and who points at them.
 */
export interface FileStore {
  /** Stores the stream's bytes; fails with FileTooLargeError past `maxBytes` (nothing is kept then). */
  put(stream: Readable, opts: { maxBytes: number }): Promise<{ sha256: string; size: number }>;
  /**
   * Stores a finished local file whose hash and size are known (the upload spool); the file is
   * moved or copied and gone afterwards. The disk store renames it: no second copy of the bytes.
   */
  adopt(localPath: string, blob: { sha256: string; size: number }): Promise<void>;
  /** The blob's bytes, or the inclusive byte range of them. */
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  remove(sha256: string): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
  }
}

export class BlobMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`Blob ${sha256} is not in the store.`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Refuses anything but a lowercase hex SHA-256: store keys are built from it. */
export function checkedSha(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
  return sha256;
}
