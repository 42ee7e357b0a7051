import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import {
  BacklinkListSchema,
  ContentSchema,
  ExportQuery,
  PageExportFileSchema,
  PRINT_EXPORT_FORMATS,
  type PrintExportFormat,
  IdParams,
  ImportBody,
  ImportedPageSchema,
  ReplaceContentBody,
} from '@stafette/api';
import { recordAudit } from '../audit/record.ts';
import { actorOf } from '../audit/actor.ts';
import { effectiveLevel } from '../classification/effective.ts';
import { assertMayExport, auditClassifiedRead } from '../classification/gates.ts';
import { labelOf } from '../classification/scheme.ts';
import { sendDownload } from '../http/download.ts';
import { withComments } from '../comments/export-comments.ts';
import { notFound } from '../http/problem.ts';
import { exportPagePrint } from '../exports/page-export.ts';
import { pageSummaryJson } from '../pages/page-json.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { bodyInput } from './body-input.ts';
import { backlinks, pageTitle } from './content-queries.ts';
import { exportFile } from './export-file.ts';
import { importPage } from './import-page.ts';
import { importedDocument, readImportUpload } from '../files/import/upload.ts';
import { readBody, readDerived, replaceBodyFrom } from './page-body.ts';

const tags = ['content'];

export const contentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const bodyLimit = app.content.options.maxBodyBytes;
  const importMaxBytes = app.config.fileText.importMaxBytes;
  // Multipart only for the DOCX/ODT import (its preValidation reads the parts); one file.
  await app.register(multipart, { limits: { fileSize: importMaxBytes + 1, files: 1, fields: 3, parts: 4, fieldSize: 4096, headerPairs: 100 } });

  app.put(
    '/pages/:id/content',
    {
      bodyLimit,
      // Decided on the request head too: callers who may not edit do not get to send 5 MB first.
      config: { access: { resource: 'page', action: 'editContent', early: true } },
      schema: {
        tags,
        summary: 'Replace a page body with Markdown or ProseMirror JSON (editors); connected editors see it live',
        description: 'Send exactly one of `markdown` and `doc`. The change is a Yjs edit of the live document; derived content is written before the answer.',
        params: IdParams,
        body: ReplaceContentBody,
        response: { 200: ContentSchema },
      },
    },
    async (request) => {
      const { user, page } = grantOf(request, 'page');
      const changed = await replaceBodyFrom(app, page.id, bodyInput(request.body), `rest:${user.id}`);
      const derived = await app.content.refresh(page.id, () => readDerived(app, page.id), {
        editors: changed ? [user.id] : [],
        inTransaction: async (trx) => {
          if (!changed) return;
          await recordAudit(trx, {
            actorId: user.id,
            ip: request.ip,
            action: 'page.content.replace',
            targetType: 'page',
            targetId: page.id,
            detail: { format: request.body.markdown !== undefined ? 'markdown' : 'doc' },
          });
        },
      });
      return { id: page.id, doc: derived.doc, headings: derived.headings, links: derived.links, changed };
    },
  );

  app.post(
    '/pages/import',
    {
      bodyLimit,
      config: { access: { resource: 'space', action: 'createPage', id: 'body.spaceId' } },
      // A DOCX/ODT upload is read here, before validation: its fields become the body.
      preValidation: (request) => readImportUpload(request, importMaxBytes),
      schema: {
        tags,
        summary: 'Create a page from Markdown, or from a Word (.docx) or LibreOffice (.odt) document (editors of the space)',
        description:
          'JSON `{spaceId, parentId?, title, markdown}`: h5/h6 become level-4 headings, raw HTML stays text, tables become table nodes. ' +
          'multipart/form-data with fields `spaceId`, `parentId?`, `title?` and the document in `file` (.docx or .odt, at most STAFETTE_IMPORT_MAX_BYTES): ' +
          'headings, lists, tables, bold/italic, links and embedded images (stored as attachments of the new page); the title defaults to the first heading, else the file name. ' +
          'A damaged or password-protected document: 422 document-unreadable. Derived content is written before the answer.',
        consumes: ['application/json', 'multipart/form-data'],
        body: ImportBody,
        response: { 201: ImportedPageSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const parentId = body.parentId ?? null;
      const document = 'file' in body ? importedDocument(request) : null;
      const { row, derived } =
        'file' in body
          ? await app.documentImporter.import(app, request, { spaceId: body.spaceId, parentId, title: body.title, fileName: body.file.name, format: body.file.format, bytes: document! })
          : await importPage(app, request, { spaceId: body.spaceId, parentId, title: body.title, markdown: body.markdown });
      return reply.status(201).send({ ...pageSummaryJson(row), doc: derived.doc });
    },
  );

  app.get(
    '/pages/:id/export',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Download a page as Markdown, HTML, PDF, DOCX or ODT, marked with its classification',
        description:
          'Pages classified `vertraulich` or above: editors of the space only (403 `classification-export-denied`), and every attempt is audited as `page.export`. ' +
          'pdf, docx and odt are print documents: header with title and classification, footer with date, version and page numbers; ' +
          'with `subtree=true` the page and the live pages below it in tree order, with a table of contents (each page passes the classification gate; the document carries the highest level). ' +
          'Bounded: at most 500 pages and 400,000 elements (413 `export-too-large`); the PDF printer busy, failed or out of time: 503 `export-unavailable`.',
        params: IdParams,
        querystring: ExportQuery,
        produces: ['text/markdown', 'text/html', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text'],
        response: { 200: PageExportFileSchema },
      },
    },
    async (request, reply) => {
      const { page } = grantOf(request, 'page');
      const title = await pageTitle(app.db, page.id);
      const level = await effectiveLevel(app.db, page.id);
      if (title === null || level === null) throw notFound('page');
      const actor = actorOf(request);
      const format = request.query.format;
      if ((PRINT_EXPORT_FORMATS as readonly string[]).includes(format)) {
        const origin = app.config.publicUrl ?? `${request.protocol}://${request.host}`;
        const options = { format: format as PrintExportFormat, subtree: request.query.subtree === true, origin };
        return sendDownload(reply, await exportPagePrint(app, request, page, options));
      }
      await assertMayExport(app.db, { actor, pageId: page.id, spaceId: page.spaceId, level, detail: { format } }, () => labelOf(app.db, level));
      await auditClassifiedRead(app.db, actor, page.id, 'export', level);
      const marking = `Klassifizierung: ${await labelOf(app.db, level)}`;
      const file = exportFile(title, await readBody(app, page.id), format as 'markdown' | 'html', marking);
      return sendDownload(reply, request.query.comments ? await withComments(app.db, page.id, file) : file);
    },
  );

  app.get(
    '/pages/:id/backlinks',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Live pages the caller can read whose body links to this page',
        params: IdParams,
        response: { 200: BacklinkListSchema },
      },
    },
    async (request) => {
      const { user, page } = grantOf(request, 'page');
      return backlinks(app.db, page.id, await readableSpaceIds(app.db, user));
    },
  );
};
