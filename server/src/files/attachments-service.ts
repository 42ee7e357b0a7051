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

/** Refuses `size` more bytes in the space past its quota (0: no quota) with 507 quota-exceeded. */
export async function checkQuota(db: Kysely<DB>, spaceId: string, quotaBytes: number, size: number): Promise<void> {
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

/** An upload that passed every check, on local disk, ready to be stored (`storeAttachmentIn`). */
export interface CheckedFile {
  path: string;
  sha256: string;
  size: number;
  /** The sniffed media type. */
  type: string;
  /** Local files to remove once it is stored (or refused). */
  leftovers: string[];
}

export interface UploadChecks {
  /** Called with the size before the scan (the quota), may throw. */
  beforeScan?: (size: number) => Promise<void>;
  /** Called when the scanner finds malware (the audit entry), before the refusal. */
  infected: (detail: { name: string; size: number; sha256: string; signature: string }) => Promise<void>;
}

/**
 * The checks every file passes before it is stored, whether uploaded or imported: the bytes are
 * written to a spool file while hashed (never held in memory), their type is sniffed (a name
 * that contradicts the bytes is refused unless the file is plain text), clamd scans them when
 * configured (an infected file is reported and refused), images lose their metadata (GPS) and
 * are turned upright. On a refusal nothing is left behind.
 */
export async function checkUpload(stream: Readable, name: string, settings: UploadSettings, checks: UploadChecks): Promise<CheckedFile> {
  let spooled;
  try {
    spooled = await spool(stream, settings.spoolDir, settings.maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw fileTooLarge(settings.maxBytes);
    throw error;
  }
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
    await checks.beforeScan?.(spooled.size);

    if (settings.clamav) {
      const result = await scanFile(settings.clamav, spooled.path).catch((error: unknown) => {
        if (error instanceof ScanFailedError) throw unavailable('The virus scanner could not check the file; try again later.');
        throw error;
      });
      if (!result.clean) {
        await checks.infected({ name, size: spooled.size, sha256: spooled.sha256, signature: result.signature });
        throw new Problem(422, 'file-infected', 'Malware found', `The virus scanner found ${result.signature} in the file. It was not stored.`, {
          signature: result.signature,
        });
      }
    }

    let file = { path: spooled.path, sha256: spooled.sha256, size: spooled.size };
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
    return { ...file, type, leftovers };
  } catch (error) {
    await Promise.all(leftovers.map(discard));
    throw error;
  }
}

/** Removes the local files of a checked upload. */
export const discardChecked = (file: CheckedFile) => Promise.all(file.leftovers.map(discard));

/**
 * Stores a checked file under its hash and writes its attachment row with the audit entry, in
 * the caller's transaction (which should hold the space's row for the quota).
 */
export async function storeAttachmentIn(
  trx: Kysely<DB>,
  store: FileStore,
  file: CheckedFile,
  row: { pageId: string; name: string; uploaderId: string | null },
  actor: Actor,
): Promise<AttachmentRow> {
  // Upserting the blob row locks it against the retention sweep until this commits; the
  // sweep removes a blob only under the same lock, after checking nobody points at it.
  await trx
    .insertInto('file_blobs')
    .values({ sha256: file.sha256, size: file.size })
    .onConflict((oc) => oc.column('sha256').doUpdateSet({ unreferenced_since: null }))
    .execute();
  await store.adopt(file.path, file);
  const created = await trx
    .insertInto('attachments')
    .values({ page_id: row.pageId, sha256: file.sha256, name: row.name, type: file.type, size: file.size, uploader_id: row.uploaderId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    ...actor,
    action: 'attachment.create',
    targetType: 'attachment',
    targetId: created.id,
    detail: { pageId: row.pageId, name: row.name, type: file.type, size: file.size, sha256: file.sha256 },
  });
  return created;
}

/**
 * Stores an uploaded file and attaches it to a page: `checkUpload` (spool, sniff, quota, scan
 * — an infected file is audited —, metadata), then the blob and the row in one transaction that
 * holds the space's quota.
 */
export async function createAttachment(
  db: Kysely<DB>,
  store: FileStore,
  input: NewAttachment,
  actor: Actor,
  settings: Partial<UploadSettings> = {},
): Promise<AttachmentRow> {
  const resolved: UploadSettings = {
    ...defaultFileOptions,
    spoolDir: path.join(os.tmpdir(), 'stafette-uploads'),
    ...settings,
  };
  const name = displayName(input.name);
  const page = await db.selectFrom('pages').select(['space_id']).where('id', '=', input.pageId).executeTakeFirst();
  if (!page) throw notFound('page');

  const file = await checkUpload(input.stream, name, resolved, {
    beforeScan: (size) => checkQuota(db, page.space_id, resolved.spaceQuotaBytes, size),
    infected: (detail) => recordAudit(db, { ...actor, action: 'attachment.infected', targetType: 'page', targetId: input.pageId, detail }),
  });
  try {
    return await db.transaction().execute(async (trx) => {
      // The space row serialises uploads into it, so two at once cannot both fit the last bytes.
      await trx.selectFrom('spaces').select('id').where('id', '=', page.space_id).forUpdate().executeTakeFirstOrThrow();
      await checkQuota(trx, page.space_id, resolved.spaceQuotaBytes, file.size);
      return storeAttachmentIn(trx, store, file, { pageId: input.pageId, name, uploaderId: input.uploaderId }, actor);
    });
  } finally {
    await discardChecked(file);
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
