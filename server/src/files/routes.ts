import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { AttachmentBytesSchema, AttachmentListSchema, AttachmentSchema, IdParams, NoContent, THUMBNAIL_WIDTHS, ThumbnailQuery, ThumbnailSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { sendStoredFile } from '../http/download.ts';
import { badRequest, notFound, Problem, unsupportedMediaType } from '../http/problem.ts';
import { grantOf } from '../policy/route-access.ts';
import { effectiveLevel } from '../classification/effective.ts';
import { assertMayExport, auditClassifiedRead } from '../classification/gates.ts';
import { keepOffDevices } from '../classification/offline.ts';
import { labelOf } from '../classification/scheme.ts';
import { attachmentById, pageAttachments, servableAttachment } from './attachments-queries.ts';
import { deleteAttachment, refuseEarly } from './attachments-service.ts';
import { INLINE_IMAGE_TYPES, thumbnail } from './images.ts';
import { BlobMissingError } from './store.ts';

const tags = ['attachments'];

/** Files attached to pages: upload (editors), list and download (readers), delete (editors). */
export const filesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { settings, store } = app.files;
  // One file per request, streamed: busboy stops one byte past the limit, which the spool reports as 413.
  await app.register(multipart, { limits: { fileSize: settings.maxBytes + 1, files: 1, fields: 0, parts: 2, headerPairs: 100 } });

  app.post(
    '/pages/:id/attachments',
    {
      config: { access: { resource: 'page', action: 'editContent', early: true } },
      schema: {
        tags,
        summary: 'Attach a file to a page (editors; multipart/form-data, field `file`)',
        description:
          `The type is sniffed from the bytes; a name that contradicts them is refused (415 file-type-mismatch) unless the file is plain text. ` +
          `Over STAFETTE_FILE_MAX_BYTES: 413. Past the space's quota: 507 quota-exceeded with remainingBytes. With STAFETTE_CLAMAV an infected file is refused (422 file-infected). ` +
          `Location and other metadata are removed from JPEG, PNG, WebP, TIFF and AVIF images, which are turned upright.`,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema },
      },
      // Refused as the request arrives when its declared length is already too much for the limit or the quota.
      preParsing: async (request) => {
        const length = Number(request.headers['content-length']);
        if (!Number.isFinite(length) || request.auth === null) return;
        const page = await app.db.selectFrom('pages').select('space_id').where('id', '=', request.params.id).executeTakeFirst();
        if (page) await refuseEarly(app.db, page.space_id, settings, length);
      },
    },
    async (request, reply) => {
      const { page } = grantOf(request, 'page');
      if (!request.isMultipart()) throw unsupportedMediaType('Send the file as multipart/form-data in the field "file".');
      const part = await request.file();
      if (!part || part.fieldname !== 'file') throw badRequest('The multipart request carries no field "file"; send the file in it.');
      const row = await app.files.create({ pageId: page.id, name: part.filename, stream: part.file, uploaderId: actorOf(request).actorId }, actorOf(request));
      return reply.code(201).send((await attachmentById(app.db, row.id))!);
    },
  );

  app.get(
    '/pages/:id/attachments',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: { tags, summary: "A page's files, newest first", params: IdParams, response: { 200: AttachmentListSchema } },
    },
    async (request, reply) => {
      const { page } = grantOf(request, 'page');
      // The list names the files: a device keeps it only where it may keep the page.
      keepOffDevices(reply, (await effectiveLevel(app.db, page.id)) ?? 'streng-vertraulich');
      return pageAttachments(app.db, page.id);
    },
  );

  app.delete(
    '/attachments/:id',
    {
      config: { access: { resource: 'attachment', action: 'editContent' } },
      schema: {
        tags,
        summary: 'Remove a file from its page (editors)',
        description: 'The bytes stay while a version of the page shows the file, and are removed STAFETTE_FILE_RETENTION_DAYS after nothing does.',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteAttachment(app.db, request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { access: { resource: 'attachment', action: 'read' } },
      schema: {
        tags,
        summary: 'The bytes of a file (readers of its page)',
        description:
          'Raster images inline, everything else (SVG and HTML included) as a sandboxed download. Range requests (206) and ETag revalidation (304). ' +
          'A download from a page classified `vertraulich` or above: editors of the space only (403 `classification-export-denied`), every attempt audited as `page.export`.',
        params: IdParams,
        response: { 200: AttachmentBytesSchema, 206: AttachmentBytesSchema },
      },
    },
    async (request, reply) => {
      const file = await servableAttachment(app.db, request.params.id);
      if (!file) throw notFound('attachment');
      // Classification: a download is an export of the page's content; an image shown in the page is a read.
      const { page } = grantOf(request, 'page');
      const level = await effectiveLevel(app.db, page.id);
      if (!level) throw notFound('attachment');
      const actor = actorOf(request);
      if (!INLINE_IMAGE_TYPES.has(file.type)) {
        const detail = { attachmentId: file.id, name: file.name };
        await assertMayExport(app.db, { actor, pageId: page.id, spaceId: page.spaceId, level, detail }, () => labelOf(app.db, level));
      }
      await auditClassifiedRead(app.db, actor, page.id, 'attachment', level);
      keepOffDevices(reply, level);
      return sendStoredFile(request, reply, {
        fileName: file.name,
        contentType: file.type.startsWith('text/') ? `${file.type}; charset=utf-8` : file.type,
        size: Number(file.size),
        etag: `"${file.sha256}"`,
        inline: INLINE_IMAGE_TYPES.has(file.type),
        open: (range) => openBlob(file.sha256, range),
      });
    },
  );

  app.get(
    '/attachments/:id/thumbnail',
    {
      config: { access: { resource: 'attachment', action: 'read' } },
      schema: {
        tags,
        summary: 'A WebP thumbnail of an image, `w` rounded up to 160, 320, 640 or 1280 pixels',
        params: IdParams,
        querystring: ThumbnailQuery,
        response: { 200: ThumbnailSchema },
      },
    },
    async (request, reply) => {
      const file = await servableAttachment(app.db, request.params.id);
      if (!file) throw notFound('attachment');
      if (!INLINE_IMAGE_TYPES.has(file.type)) throw unsupportedMediaType('Only raster images (JPEG, PNG, WebP, GIF, AVIF) have thumbnails.');
      const wanted = request.query.w ?? 320;
      const width = THUMBNAIL_WIDTHS.find((w) => w >= wanted) ?? THUMBNAIL_WIDTHS[THUMBNAIL_WIDTHS.length - 1]!;
      return sendThumbnail(request, reply, file.sha256, width);
    },
  );

  /** A WebP thumbnail, revalidated by an ETag of the bytes and the width. */
  async function sendThumbnail(request: FastifyRequest, reply: FastifyReply, sha256: string, width: number) {
    const etag = `"${sha256}-w${width}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/webp').header('content-disposition', 'inline').send(thumbnail(await openBlob(sha256), width));
  }

  async function openBlob(sha256: string, range?: { start: number; end: number }) {
    try {
      return await store.open(sha256, range);
    } catch (error) {
      if (error instanceof BlobMissingError) {
        app.log.error({ sha256 }, 'files: an attachment row points at a blob missing from the store');
        throw new Problem(500, 'internal-error', 'File missing', 'The file is missing from the storage. An administrator has to restore it from a backup.');
      }
      throw error;
    }
  }
};
