import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { IdParams, PackageImportQuery, PackageImportResultSchema, PackagePreviewSchema, ProcessPackageFileSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { envInteger } from '../env-integers.ts';
import { sendDownload } from '../http/download.ts';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { originOf } from '../publishing/public-urls.ts';
import { exportPackage, PACKAGE_MAX_LEVEL_DEFAULT } from './package-export.ts';
import { importPackage, previewPackage } from './package-import.ts';
import { readPackage } from './package-read.ts';

const tags = ['processes'];
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];

/** Process packages for other municipalities: export and import; see README.md for the format and the rules. */
export const packageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxBytes = envInteger(process.env, 'STAFETTE_PACKAGE_MAX_BYTES', 64 * 1024 * 1024, 1);
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 100 } });
  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.get(
    '/processes/:id/package',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Export the process with its knowledge as one .stafette.zip for another Stafette instance',
        description:
          `The current BPMN, the pages on its current steps the caller can read up to the export level (setting packageMaxLevel of GET/PUT /admin/publishing, default "${PACKAGE_MAX_LEVEL_DEFAULT}") as Markdown and Yjs state with their attached files, ` +
          'the step → page links and a manifest with checksums and what was left out and why (pages above the level, files past the size budget). A process whose space is classified above that level answers 403 classification-export-denied. Sent as a download.',
        params: IdParams,
        produces: ['application/zip'],
        response: { 200: ProcessPackageFileSchema },
      },
    },
    async (request, reply) => {
      const readable = await readableSpaceIds(app.db, grantOf(request, 'process').user);
      const { name, bytes } = await exportPackage(app, request.params.id, readable, actorOf(request), originOf(request), { fileBudget: Math.floor(maxBytes * 0.75) });
      return sendDownload(reply, { name, extension: 'zip', contentType: 'application/zip', body: Buffer.from(bytes) });
    },
  );

  app.post(
    '/processes/import-package',
    {
      bodyLimit: maxBytes,
      // Who may import a process into the space; strangers are refused before they send the package.
      config: { access: { resource: 'space', action: 'importProcess', id: 'query.spaceId', early: true } },
      schema: {
        tags,
        summary: 'Import a process package (.stafette.zip from another Stafette instance) into a space, or preview it with dryRun=true',
        description:
          'Send the package as `application/zip`, or as multipart/form-data in the field `file` (at most STAFETTE_PACKAGE_MAX_BYTES, 64 MB). ' +
          'With `dryRun=true` the answer (200) says what would be created or updated and what conflicts (a process or pages of the same name, an earlier import of the same process); nothing is written. ' +
          'With `parentId` (a page of the space) the new pages are created under that page instead of at the top level. ' +
          'Without it the process (BPMN through the normal importer), its pages (from their Yjs state, else Markdown, each marked "Übernommen von <Quelle>, <Datum>") and the step links are created in one transaction (201). ' +
          'A newer package of a process imported into this space before becomes a new version of it, keeping the pages here (409 package-not-newer when it is not newer). ' +
          'Refused without side effects: hostile archives (422 archive-unsafe: ZIP bombs, paths leaving the archive, symbolic links, duplicate names, oversized files), ' +
          'a manifest that does not match the archive (422 package-invalid: missing or extra files, checksum mismatch), BPMN the importer refuses (bpmn-*).',
        querystring: PackageImportQuery,
        consumes: [...ZIP_TYPES, 'multipart/form-data'],
        response: { 200: PackagePreviewSchema, 201: PackageImportResultSchema },
      },
    },
    async (request, reply) => {
      const { spaceId, dryRun = false, parentId = null } = request.query;
      let bytes: Buffer;
      if (request.isMultipart()) {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw badRequest('Send the package in the multipart field "file".');
        bytes = await part.toBuffer().catch((err: unknown) => {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw payloadTooLarge(`The package is larger than ${maxBytes} bytes.`);
          throw err;
        });
      } else if (Buffer.isBuffer(request.body)) {
        bytes = request.body;
      } else {
        throw unsupportedMediaType('Send the package as application/zip or as multipart/form-data in the field "file".');
      }
      const pkg = await readPackage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { fileMaxBytes: app.files.settings.maxBytes });
      if (dryRun) return reply.status(200).send(await previewPackage(app, spaceId, pkg, parentId));
      return reply.status(201).send(await importPackage(app, spaceId, pkg, actorOf(request), parentId));
    },
  );
};
