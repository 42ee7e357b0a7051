import { unzipSync } from 'fflate';

/**
 * Reads chosen entries of an office file (DOCX, XLSX, ODT, ODS are ZIP archives) within
 * bounds. The sizes come from the central directory; fflate inflates each entry into a buffer
 * of its declared size and never grows it, so an entry that lies about its size is cut there,
 * and a ZIP bomb is refused from its directory before anything is inflated. Buffers live
 * outside the worker's heap limit, which is why these bounds exist at all.
 */
export interface ZipLimits {
  /** Largest declared uncompressed size of one entry read. */
  maxEntryBytes: number;
  /** Largest sum of the declared sizes of all entries (read or not: mammoth reads them all). */
  maxTotalBytes: number;
  /** Most entries in the archive. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024, maxEntries: 20_000 };

/** The archive inflates beyond the bounds: the document counts as too large. */
export class ZipTooLargeError extends Error {}

/** Not a readable ZIP archive (truncated, garbled, unknown compression). */
export class ZipCorruptError extends Error {}

interface Entry {
  name: string;
  originalSize: number;
  compression: number;
}

/** The directory of the archive, checked against the bounds; nothing is inflated. */
export function zipDirectory(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Entry[] {
  const entries: Entry[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ name: file.name, originalSize: file.originalSize, compression: file.compression });
        total += file.originalSize;
        if (entries.length > limits.maxEntries) throw new ZipTooLargeError(`more than ${limits.maxEntries} entries`);
        if (total > limits.maxTotalBytes) throw new ZipTooLargeError(`inflates to more than ${limits.maxTotalBytes} bytes`);
        return false;
      },
    });
  } catch (err) {
    if (err instanceof ZipTooLargeError) throw err;
    throw new ZipCorruptError(err instanceof Error ? err.message : String(err));
  }
  return entries;
}

/** The entries `want` picks, inflated; the directory is checked first (`zipDirectory`). */
export function readZipEntries(bytes: Uint8Array, want: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Uint8Array> {
  const entries = zipDirectory(bytes, limits);
  for (const e of entries) {
    if (!want(e.name)) continue;
    if (e.originalSize > limits.maxEntryBytes) throw new ZipTooLargeError(`${e.name} inflates to ${e.originalSize} bytes`);
    if (e.compression !== 0 && e.compression !== 8) throw new ZipCorruptError(`${e.name}: unknown compression ${e.compression}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => want(file.name) });
  } catch (err) {
    throw new ZipCorruptError(err instanceof Error ? err.message : String(err));
  }
  return new Map(Object.entries(files));
}
