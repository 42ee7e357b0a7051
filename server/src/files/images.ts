import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';

/** Raster images a browser shows: the only attachments served inline, and those with thumbnails. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/** Formats whose metadata (EXIF, XMP, IPTC) may carry a location, re-encoded without it. */
const REENCODED: Record<string, 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/tiff': 'tiff',
  'image/avif': 'avif',
};

export class ImageUnreadableError extends Error {}

/**
 * Photo formats that carry EXIF but that sharp's prebuilt libvips cannot re-encode (no HEVC):
 * refused, since they would otherwise be stored with the location they were taken at.
 */
const NOT_CLEANABLE: ReadonlySet<string> = new Set(['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence']);

/**
 * Removes EXIF, XMP and IPTC metadata, GPS included (a field photo must not publish where the
 * officer stood), and turns the pixels as the EXIF orientation said, so the image looks the
 * same without it. Writes a new file next to `file` and returns it with its hash and size, or
 * null when the image carries no metadata (its bytes stay as uploaded, no lossy re-encoding).
 */
export async function withoutMetadata(file: string, type: string): Promise<{ path: string; sha256: string; size: number } | null> {
  if (NOT_CLEANABLE.has(type)) throw new ImageUnreadableError(`${type} cannot be re-encoded without its metadata`);
  const format = REENCODED[type];
  if (!format) return null;
  const meta = await sharp(file)
    .metadata()
    .catch((error: Error) => {
      throw new ImageUnreadableError(error.message);
    });
  const oriented = meta.orientation === undefined || meta.orientation === 1;
  if (!meta.exif && !meta.xmp && !meta.iptc && oriented) return null;
  const out = `${file}.clean`;
  try {
    // sharp writes no metadata unless asked (withMetadata); rotate() without angle applies the EXIF orientation.
    await sharp(file)
      .rotate()
      .toFormat(format, format === 'jpeg' ? { quality: 92, mozjpeg: true } : format === 'webp' ? { quality: 92 } : {})
      .toFile(out);
  } catch (error) {
    await fs.promises.rm(out, { force: true });
    throw new ImageUnreadableError((error as Error).message);
  }
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(out), hash);
  return { path: out, sha256: hash.digest('hex'), size: (await fs.promises.stat(out)).size };
}

/** A WebP thumbnail `width` pixels wide at most (never enlarged), streamed from the original. */
export function thumbnail(source: Readable, width: number): Readable {
  const transform = sharp().rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 80 });
  source.on('error', (error) => transform.destroy(error));
  return source.pipe(transform);
}
