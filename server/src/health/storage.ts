import fs from 'node:fs/promises';

/**
 * Below this much free space under the data directory, writes are about to fail or failing
 * (507 storage-full): PGlite, the file store and its upload spool all live there.
 */
export const LOW_STORAGE_BYTES = 16 * 1024 * 1024;

/** Whether the disk under `dir` is (nearly) full; null when it cannot be read (no such directory yet). */
export async function storageFull(dir: string): Promise<boolean | null> {
  try {
    const stats = await fs.statfs(dir);
    return stats.bavail * stats.bsize < LOW_STORAGE_BYTES;
  } catch {
    return null;
  }
}
