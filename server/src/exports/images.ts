import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../db/schema.ts';
import { referencedByContent } from '../files/attachments-queries.ts';
import { INLINE_IMAGE_TYPES } from '../files/images.ts';
import type { FileStore } from '../files/store.ts';
import { EXPORT_LIMITS, exportTooLarge } from './limits.ts';
import { attachmentIdOf, type PrintImage, type PrintSection, walk } from './print-document.ts';

/** Formats every writer (Chromium, Word, LibreOffice) shows as they are; others become PNG. */
const KEPT = new Set(['image/png', 'image/jpeg', 'image/gif']);

/**
 * The attachment images the sections show, read from the file store: only raster images
 * attached to one of the exported pages (an image of another page, maybe of a space the reader
 * cannot see, prints as its alt text, as does an image from another server: the export fetches
 * nothing from the network). Bounded per image and in total.
 */
export async function loadImages(db: Kysely<DB>, store: FileStore, pageIds: string[], sections: PrintSection[]): Promise<Map<string, PrintImage>> {
  const wanted = new Set<string>();
  for (const section of sections) {
    if (section.doc) walk(section.doc, (node) => {
      if (node.type !== 'image') return;
      const id = attachmentIdOf(node.attrs?.src);
      if (id) wanted.add(id);
    });
  }
  const images = new Map<string, PrintImage>();
  if (wanted.size === 0 || pageIds.length === 0) return images;
  const rows = await db
    .selectFrom('attachments as a')
    .select(['a.id', 'a.sha256', 'a.type', 'a.size'])
    .where('a.id', 'in', [...wanted])
    .where('a.page_id', 'in', pageIds)
    .where('a.type', 'in', [...INLINE_IMAGE_TYPES])
    .where((eb) => eb.or([eb('a.deleted_at', 'is', null), referencedByContent(eb.ref('a.id'), eb.ref('a.page_id'))]))
    .execute();
  let total = 0;
  for (const row of rows) {
    if (Number(row.size) > EXPORT_LIMITS.maxImageBytes) continue;
    total += Number(row.size);
    if (total > EXPORT_LIMITS.maxImageTotalBytes) {
      throw exportTooLarge(`The images of these pages exceed ${EXPORT_LIMITS.maxImageTotalBytes / 1024 / 1024} MB together; export fewer pages at once.`);
    }
    const image = await readImage(store, row.sha256, row.type);
    if (image) images.set(row.id, image);
  }
  return images;
}

async function readImage(store: FileStore, sha256: string, type: string): Promise<PrintImage | null> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await store.open(sha256)) {
      size += (chunk as Buffer).length;
      if (size > EXPORT_LIMITS.maxImageBytes) return null;
      chunks.push(chunk as Buffer);
    }
    let bytes = Buffer.concat(chunks);
    const input = sharp(bytes, { limitInputPixels: 100_000_000, animated: false });
    const meta = await input.metadata();
    if (!meta.width || !meta.height) return null;
    let outType = type;
    if (!KEPT.has(type)) {
      bytes = await input.png().toBuffer();
      outType = 'image/png';
    }
    // Pixels at the image's own resolution when it says one, else one pixel a CSS pixel.
    const scale = meta.density && meta.density > 96 ? 96 / meta.density : 1;
    return { bytes, type: outType, width: Math.max(1, Math.round(meta.width * scale)), height: Math.max(1, Math.round(meta.height * scale)) };
  } catch {
    // A blob missing from the store or bytes sharp cannot read: the alt text stands in.
    return null;
  }
}
