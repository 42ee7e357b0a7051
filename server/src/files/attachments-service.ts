import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { supportedExtensions } from 'file-type';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { notFound, payloadTooLarge, Problem, unavailable } from '../http/problem.ts';
import { type AttachmentRow, spaceUsage } from './attachments-queries.ts';
import { ScanFailedError, scanFile } from './clamav.ts';
import { ImageUnreadableError, withoutMetadata } from './images.ts';
import { defaultFileOptions } from './options.ts';
import { sniff } from './sniff.ts';
import { discard, spool } from './spool.ts';
import { type FileStore, FileTooLargeError } from './store.ts';

export interface NewAttachment {
  pageId: string;
  /** The name the file came with; kept for display and downloads, never used as a path. */
  name: string;
  stream: Readable;
  uploaderId: string | null;
}

/** Limits and the scanner of an upload; app.files.settings has the configured ones. */
export interface UploadSettings {
  maxBytes: number;
  /** 0: no quota. */
  spaceQuotaBytes: number;
  /** clamd socket or host:port; null: no scan. */
  clamav: string | null;
  /** Local directory uploads are written to before they are stored. */
  spoolDir: string;
}

const MAX_NAME = 255;

/** The name as shown: NFC, no control or format characters, at most 255 characters; never empty. */
export function displayName(name: string): string {
  const clean = name.normalize('NFC').replace(/[\p{Cc}\p{Cf}]+/gu, '').replace(/\s+/g, ' ').trim();
  return [...clean].slice(0, MAX_NAME).join('').trim() || 'Datei';
}

const mib = (bytes: number) => `${Math.floor((bytes / (1024 * 1024)) * 10) / 10} MB`;

export const fileTooLarge = (maxBytes: number) =>
  new Problem(413, 'payload-too-large', 'File too large', `The file is larger than ${mib(maxBytes)}, the most a file may have.`, { maxBytes });

function quotaExceeded(quotaBytes: number, usedBytes: number, size: number): Problem {
  const remainingBytes = Math.max(0, quotaBytes - usedBytes);
  return new Problem(
    507,
    'quota-exceeded',
    'Space storage full',
    `The space has ${mib(remainingBytes)} of its ${mib(quotaBytes)} left for files; this file needs ${mib(size)}. Delete files or ask an administrator for more.`,
    { quotaBytes, usedBytes, remainingBytes, size },
  );
}

async function checkQuota(db: Kysely<DB>, spaceId: string, quotaBytes: number, size: number): Promise<void> {
  if (quotaBytes <= 0) return;
  const used = await spaceUsage(db, spaceId);
  if (used + size > quotaBytes) throw quotaExceeded(quotaBytes, used, size);
}

/** The refusal of an upload before its body is read, from its declared length. */
export async function refuseEarly(db: Kysely<DB>, spaceId: string, settings: UploadSettings, contentLength: number): Promise<void> {
  // The multipart envelope adds a few hundred bytes; only clearly oversized bodies are refused here.
  const slack = 64 * 1024;
  if (contentLength > settings.maxBytes + slack) throw fileTooLarge(settings.maxBytes);
  if (settings.spaceQuotaBytes > 0 && contentLength > slack) await checkQuota(db, spaceId, settings.spaceQuotaBytes, contentLength - slack);
}

/**
 * Stores an uploaded file and attaches it to a page. The bytes are written to a spool file
 * while hashed (never held in memory), their type is sniffed (a name that contradicts the
 * bytes is refused unless the file is plain text), the space's quota is checked, clamd scans
 * them when configured (an infected file is audited and refused; nothing is stored), images
 * lose their metadata (GPS) and are turned upright, then the blob is stored under its hash and
 * the row written with its audit entry in one transaction that holds the space's quota.
 */
export async function createAttachment(
  db: Kysely<DB>,
  store: FileStore,
  input: NewAttachment,
  actor: Actor,
  settings: Partial<UploadSettings> = {},
): Promise<AttachmentRow> {
  const { maxBytes, spaceQuotaBytes, clamav, spoolDir } = {
    ...defaultFileOptions,
    spoolDir: path.join(os.tmpdir(), 'stafette-uploads'),
    ...settings,
  };
  const name = displayName(input.name);
  const page = await db.selectFrom('pages').select(['space_id']).where('id', '=', input.pageId).executeTakeFirst();
  if (!page) throw notFound('page');

  let spooled;
  try {
    spooled = await spool(input.stream, spoolDir, maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw fileTooLarge(maxBytes);
    throw error;
  }
  let file = { path: spooled.path, sha256: spooled.sha256, size: spooled.size };
  const leftovers = [spooled.path];
  try {
    const sniffed = await sniff(spooled.path, spooled.head, name, supportedExtensions);
    if (!sniffed.ok) {
      throw new Problem(
        415,
        'file-type-mismatch',
        'File content does not match its name',
        `The file is named .${sniffed.extension}, but its content is ${sniffed.detected}. Rename it to what it is, or upload the right file.`,
        { extension: sniffed.extension, detected: sniffed.detected },
      );
    }
    const type = sniffed.type;
    await checkQuota(db, page.space_id, spaceQuotaBytes, file.size);

    if (clamav) {
      const result = await scanFile(clamav, spooled.path).catch((error: unknown) => {
        if (error instanceof ScanFailedError) throw unavailable('The virus scanner could not check the file; try again later.');
        throw error;
      });
      if (!result.clean) {
        await recordAudit(db, {
          ...actor,
          action: 'attachment.infected',
          targetType: 'page',
          targetId: input.pageId,
          detail: { name, size: file.size, sha256: file.sha256, signature: result.signature },
        });
        throw new Problem(422, 'file-infected', 'Malware found', `The virus scanner found ${result.signature} in the file. It was not stored.`, {
          signature: result.signature,
        });
      }
    }

    try {
      const clean = await withoutMetadata(spooled.path, type);
      if (clean) {
        leftovers.push(clean.path);
        file = clean;
      }
    } catch (error) {
      if (!(error instanceof ImageUnreadableError)) throw error;
      throw new Problem(415, 'image-unreadable', 'Image cannot be read', 'The image is damaged or in a form that cannot be read, so its location data could not be removed. It was not stored.');
    }

    return await db.transaction().execute(async (trx) => {
      // The space row serialises uploads into it, so two at once cannot both fit the last bytes.
      await trx.selectFrom('spaces').select('id').where('id', '=', page.space_id).forUpdate().executeTakeFirstOrThrow();
      await checkQuota(trx, page.space_id, spaceQuotaBytes, file.size);
      // Upserting the blob row locks it against the retention sweep until this commits; the
      // sweep removes a blob only under the same lock, after checking nobody points at it.
      await trx
        .insertInto('file_blobs')
        .values({ sha256: file.sha256, size: file.size })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ unreferenced_since: null }))
        .execute();
      await store.adopt(file.path, file);
      const row = await trx
        .insertInto('attachments')
        .values({ page_id: input.pageId, sha256: file.sha256, name, type, size: file.size, uploader_id: input.uploaderId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actor,
        action: 'attachment.create',
        targetType: 'attachment',
        targetId: row.id,
        detail: { pageId: input.pageId, name, type, size: file.size, sha256: file.sha256 },
      });
      return row;
    });
  } finally {
    await Promise.all(leftovers.map(discard));
  }
}

/**
 * Removes an attachment from its page. Its row stays while the page's body or a version points
 * at it (so restoring that version shows it again); the retention sweep removes the bytes once
 * nothing does, after the retention period.
 */
export async function deleteAttachment(db: Kysely<DB>, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('attachments').select(['page_id', 'name', 'deleted_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || row.deleted_at) throw notFound('attachment');
    await trx.updateTable('attachments').set({ deleted_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { ...actor, action: 'attachment.delete', targetType: 'attachment', targetId: id, detail: { pageId: row.page_id, name: row.name } });
  });
}
