import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { discard, spool } from './spool.ts';
import { BlobMissingError, checkedSha, type FileStore } from './store.ts';

/**
 * Blobs as files under `<root>/ab/cd/<sha256>` (two levels keep directories small). A new blob
 * is written to `<root>/tmp` first and renamed into place, so a reader never sees half a file
 * and a crash leaves only temporary files.
 */
export class DiskFileStore implements FileStore {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  private pathOf(sha256: string): string {
    checkedSha(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(stream: Readable, opts: { maxBytes: number }): Promise<{ sha256: string; size: number }> {
    const spooled = await spool(stream, this.tmpDir, opts.maxBytes);
    await this.adopt(spooled.path, spooled);
    return { sha256: spooled.sha256, size: spooled.size };
  }

  async adopt(localPath: string, blob: { sha256: string; size: number }): Promise<void> {
    const target = this.pathOf(blob.sha256);
    const existing = await fs.promises.stat(target).catch(() => null);
    if (existing?.size === blob.size) {
      // Same content already stored (content-addressed): keep one copy.
      await discard(localPath);
      return;
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.rename(localPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // The spool is on another file system: copy next to the target, then rename.
      const next = `${target}.${process.pid}.part`;
      await fs.promises.copyFile(localPath, next);
      await fs.promises.rename(next, target);
      await discard(localPath);
    }
  }

  async open(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.pathOf(sha256);
    const handle = await fs.promises.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new BlobMissingError(sha256) : error;
    });
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
}
