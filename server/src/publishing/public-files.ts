import type { Kysely } from 'kysely';
import type { PMNodeJSON } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { INLINE_IMAGE_TYPES } from '../files/images.ts';
import type { PublicSet } from './public-set.ts';
import { PORTAL } from './public-urls.ts';

/**
 * Attached files on the portal: a file is public while it is attached (not deleted) to a public
 * page. Raster images are shown in the page; every other file is offered only as a sandboxed
 * download. Files of pages that are not public do not exist for the portal.
 */
export interface PublicFile {
  id: string;
  pageId: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export const publicFilePath = (id: string) => `${PORTAL}/dateien/${encodeURIComponent(id)}`;

/** Shown inline on the portal: raster images only (never SVG or anything that can hold script). */
export const isPublicImage = (type: string) => INLINE_IMAGE_TYPES.has(type);

const IMAGE_SRC = /^\/api\/v1\/attachments\/([0-9a-f-]{36})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The attachment an image or file node of a body points at, or null. */
export function attachmentOf(node: PMNodeJSON): string | null {
  const attrs = node.attrs ?? {};
  if (node.type === 'image' && typeof attrs.src === 'string') return IMAGE_SRC.exec(attrs.src)?.[1]?.toLowerCase() ?? null;
  if (node.type === 'file' && typeof attrs.attachmentId === 'string' && UUID.test(attrs.attachmentId)) return attrs.attachmentId.toLowerCase();
  return null;
}

function collect(node: PMNodeJSON, out: Set<string>): void {
  const id = attachmentOf(node);
  if (id) out.add(id);
  for (const child of node.content ?? []) collect(child, out);
}

/** The public ones among the given attachments (or among those a body points at). */
export async function publicFiles(db: Kysely<DB>, set: PublicSet, ids: Iterable<string> | PMNodeJSON): Promise<Map<string, PublicFile>> {
  const wanted = new Set<string>();
  if (Symbol.iterator in Object(ids)) for (const id of ids as Iterable<string>) wanted.add(id.toLowerCase());
  else collect(ids as PMNodeJSON, wanted);
  const list = [...wanted].filter((id) => UUID.test(id));
  if (list.length === 0 || set.pages.size === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'page_id', 'name', 'type', 'size', 'sha256'])
    .where('id', 'in', list)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(
    rows.filter((r) => set.pages.has(r.page_id)).map((r) => [r.id, { id: r.id, pageId: r.page_id, name: r.name, type: r.type, size: Number(r.size), sha256: r.sha256 }]),
  );
}
