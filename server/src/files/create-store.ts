import path from 'node:path';
import { DiskFileStore } from './disk-store.ts';
import type { S3Options } from './options.ts';
import { S3FileStore } from './s3-store.ts';
import type { FileStore } from './store.ts';

/** A store and the local directory uploads are spooled to before they are stored. */
export type SpoolingStore = FileStore & { readonly tmpDir: string };

/** The store the configuration names: S3 when `STAFETTE_S3_*` are set, else `<dataDir>/files`. */
export function createFileStore(dataDir: string, s3: S3Options | null): SpoolingStore {
  const root = path.join(dataDir, 'files');
  return s3 ? new S3FileStore(s3, path.join(root, 'tmp')) : new DiskFileStore(root);
}
