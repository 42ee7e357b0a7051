import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { Problem } from '../http/problem.ts';

/**
 * The files of an export to import, read within bounds from a ZIP archive or a folder. Hostile
 * archives are refused before anything is inflated, from the central directory: more entries
 * or more inflated bytes than the bounds (ZIP bombs), a suspicious compression ratio, paths
 * that leave the archive (`..`, absolute, drive letters), symbolic links, the same path twice
 * (also differing only in case or Unicode form), encrypted or ZIP64 entries.
 */

export interface ArchiveFile {
  /** Normalised path inside the export: `/`-separated, NFC, no leading `./`. */
  path: string;
  bytes: Uint8Array;
}

export interface ArchiveLimits {
  maxEntries: number;
  maxTotalBytes: number;
  maxEntryBytes: number;
  /** Largest inflated/compressed ratio of an entry over 1 MB. */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 20_000, maxTotalBytes: 1024 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxRatio: 200 };

export const archiveUnsafe = (detail: string) => new Problem(422, 'archive-unsafe', 'Archive refused', `The archive was refused: ${detail}. Nothing was imported.`);
export const archiveUnreadable = (detail: string) => new Problem(422, 'archive-unreadable', 'Archive cannot be read', `The file is not a readable ZIP archive: ${detail}.`);

/** Files and folders of an export that are no content: OS and tool debris. */
export function isDebris(p: string): boolean {
  return p.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db' || part === 'desktop.ini');
}

/** The path normalised, or a refusal when it would leave the archive. */
export function safePath(raw: string): string {
  if (raw.includes('\0')) throw archiveUnsafe(`a path contains a NUL character (${JSON.stringify(raw.slice(0, 100))})`);
  const p = raw.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) throw archiveUnsafe(`"${raw.slice(0, 200)}" is an absolute path`);
  const parts = p.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.some((part) => part === '..')) throw archiveUnsafe(`"${raw.slice(0, 200)}" points outside the archive`);
  return parts.join('/').normalize('NFC');
}

interface CentralEntry {
  name: string;
  directory: boolean;
  compressedSize: number;
  size: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** The central directory, checked entry by entry; nothing is inflated. */
function centralDirectory(bytes: Uint8Array, limits: ArchiveLimits): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw archiveUnreadable('no ZIP directory found (not a ZIP file, or cut off)');
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw archiveUnsafe('ZIP64 archives (over 65,535 entries or 4 GB) are not taken');
  if (count > limits.maxEntries) throw archiveUnsafe(`it has ${count} entries, more than ${limits.maxEntries}`);
  const entries: CentralEntry[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  let at = offset;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw archiveUnreadable('the ZIP directory is damaged');
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const external = view.getUint32(at + 38, true);
    const rawName = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (madeBy === 3 && ((external >>> 16) & S_IFMT) === S_IFLNK) throw archiveUnsafe(`"${rawName.slice(0, 200)}" is a symbolic link`);
    if (flags & 1) throw archiveUnsafe(`"${rawName.slice(0, 200)}" is encrypted`);
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw archiveUnsafe('ZIP64 entries (over 4 GB) are not taken');
    const directory = rawName.endsWith('/') || rawName.endsWith('\\');
    const name = safePath(rawName);
    if (directory || name === '') {
      entries.push({ name, directory: true, compressedSize, size });
      continue;
    }
    if (method !== 0 && method !== 8) throw archiveUnreadable(`"${name}" uses a compression method other than deflate`);
    const key = name.toLocaleLowerCase('de');
    const before = seen.get(key);
    if (before !== undefined) throw archiveUnsafe(`"${name}" is in the archive twice${before !== name ? ` (as "${before}")` : ''}`);
    seen.set(key, name);
    if (size > limits.maxEntryBytes) throw archiveUnsafe(`"${name}" inflates to ${size} bytes, more than ${limits.maxEntryBytes}`);
    if (size > 1024 * 1024 && size / Math.max(1, compressedSize) > limits.maxRatio) throw archiveUnsafe(`"${name}" is compressed ${Math.round(size / Math.max(1, compressedSize))}:1, like a ZIP bomb`);
    total += size;
    if (total > limits.maxTotalBytes) throw archiveUnsafe(`it inflates to more than ${limits.maxTotalBytes} bytes`);
    entries.push({ name, directory: false, compressedSize, size });
  }
  return entries;
}

/** The files of a ZIP archive (folders and debris left out), in archive order. */
export function readZip(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveFile[] {
  const entries = centralDirectory(bytes, limits);
  let inflated: Record<string, Uint8Array>;
  try {
    // fflate inflates each entry into a buffer of its declared size (checked above).
    inflated = unzipSync(bytes, { filter: (file) => !file.name.endsWith('/') && !file.name.endsWith('\\') });
  } catch (err) {
    throw archiveUnreadable(err instanceof Error ? err.message : String(err));
  }
  const byName = new Map<string, Uint8Array>();
  for (const [raw, data] of Object.entries(inflated)) byName.set(safePath(raw), data);
  return entries.filter((e) => !e.directory && !isDebris(e.name)).map((e) => ({ path: e.name, bytes: byName.get(e.name) ?? new Uint8Array() }));
}

/**
 * The files below a folder (the CLI's source), with the same bounds: symbolic links are
 * refused, not followed; paths are relative to the folder.
 */
export function readFolder(root: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/').normalize('NFC');
      if (isDebris(rel)) continue;
      if (entry.isSymbolicLink()) throw archiveUnsafe(`"${rel}" is a symbolic link`);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const size = fs.statSync(full).size;
      if (size > limits.maxEntryBytes) throw archiveUnsafe(`"${rel}" has ${size} bytes, more than ${limits.maxEntryBytes}`);
      total += size;
      if (total > limits.maxTotalBytes) throw archiveUnsafe(`the folder holds more than ${limits.maxTotalBytes} bytes`);
      if (files.length >= limits.maxEntries) throw archiveUnsafe(`the folder holds more than ${limits.maxEntries} files`);
      files.push({ path: rel, bytes: fs.readFileSync(full) });
    }
  };
  walk(root);
  return files;
}
