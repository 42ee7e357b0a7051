import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { Attachment } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { INLINE_IMAGE_TYPES } from './images.ts';

/**
 * Whether attachment `a` is still pointed at by its page's body or any of the page's versions:
 * then it is kept (and served) even after it was deleted from the page, so viewing or
 * restoring a version shows its images and files. A version is a Yjs state, in which attribute
 * strings (the image's src, the file card's id) are stored as UTF-8: the id's bytes are found.
 */
export function referencedByContent(attachmentId: Expression<string>, pageId: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`(
    EXISTS (SELECT 1 FROM pages p WHERE p.id = ${pageId} AND p.doc IS NOT NULL AND strpos(p.doc::text, ${attachmentId}::text) > 0)
    OR EXISTS (SELECT 1 FROM page_versions v WHERE v.page_id = ${pageId} AND position(convert_to(${attachmentId}::text, 'UTF8') IN v.state) > 0)
  )`;
}

export type AttachmentRow = Selectable<DB['attachments']>;

const attachmentColumns = ['a.id', 'a.page_id', 'a.sha256', 'a.name', 'a.type', 'a.size', 'a.uploader_id', 'a.created_at', 'a.deleted_at'] as const;

export const attachmentUrl = (id: string) => `/api/v1/attachments/${id}`;

/** The API shape of an attachment row (with its uploader's name). */
export function attachmentJson(row: AttachmentRow & { uploader_name: string | null; text_status: 'ok' | 'skipped' | 'failed' | null; text_reason: string | null }): Attachment {
  return {
    id: row.id,
    pageId: row.page_id,
    name: row.name,
    type: row.type,
    size: Number(row.size),
    url: attachmentUrl(row.id),
    thumbnailUrl: INLINE_IMAGE_TYPES.has(row.type) ? `${attachmentUrl(row.id)}/thumbnail` : null,
    uploader: row.uploader_id && row.uploader_name !== null ? { id: row.uploader_id, displayName: row.uploader_name } : null,
    createdAt: row.created_at.toISOString(),
    textStatus: row.text_status ?? 'pending',
    textReason: row.text_reason,
  };
}

function selectAttachments(db: Kysely<DB>) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploader_id')
    // The text outcome for the file's current bytes (server/src/files/text); none yet: pending.
    .leftJoin('attachment_texts as t', (j) => j.onRef('t.attachment_id', '=', 'a.id').onRef('t.sha256', '=', 'a.sha256'))
    .select([...attachmentColumns, 'u.display_name as uploader_name', 't.status as text_status', 't.reason as text_reason']);
}

/** The files of a page, newest first (deleted ones are not listed). */
export async function pageAttachments(db: Kysely<DB>, pageId: string): Promise<Attachment[]> {
  const rows = await selectAttachments(db).where('a.page_id', '=', pageId).where('a.deleted_at', 'is', null).orderBy('a.created_at', 'desc').orderBy('a.id').execute();
  return rows.map(attachmentJson);
}

/** One attachment as the API shows it. */
export async function attachmentById(db: Kysely<DB>, id: string): Promise<Attachment | undefined> {
  const row = await selectAttachments(db).where('a.id', '=', id).executeTakeFirst();
  return row && attachmentJson(row);
}

/**
 * An attachment that may be served: not deleted, or deleted but still in the page's body or one
 * of its versions. Undefined otherwise (the route answers 404).
 */
export async function servableAttachment(db: Kysely<DB>, id: string): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('attachments as a')
    .select(attachmentColumns)
    .where('a.id', '=', id)
    .where((eb) => eb.or([eb('a.deleted_at', 'is', null), referencedByContent(eb.ref('a.id'), eb.ref('a.page_id'))]))
    .executeTakeFirst();
}

/** Bytes of live attachments in a space (what its quota counts). */
export async function spaceUsage(db: Kysely<DB>, spaceId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments as a')
    .innerJoin('pages as p', 'p.id', 'a.page_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('a.size'), sql<number>`0`).as('used'))
    .where('p.space_id', '=', spaceId)
    .where('a.deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.used);
}
