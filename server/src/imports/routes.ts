import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { IdParams, MigrationImportQuery, MigrationJobParams, MigrationJobSchema, MigrationJobStartedSchema, MigrationResultSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { envInteger } from '../env-integers.ts';
import { badRequest, notFound, payloadTooLarge, unsupportedMediaType } from '../http/problem.ts';
import { grantOf } from '../policy/route-access.ts';
import { readZip } from './archive.ts';
import { readImportJob, startImportJob, trackImportJobs } from './import-jobs.ts';
import { runMigration } from './import-service.ts';
import { readExport } from './read-export.ts';

const tags = ['imports'];
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];

/**
 * Migration from other wikis: a whole export (a Markdown folder, a Confluence space's HTML export, a BookStack portable ZIP) as
 * one ZIP archive into a space, by its owners. The answer comes when the import is done, with
 * what was created, updated, left as it was and skipped; or, with `background=true`, at once
 * with a job whose progress and result `GET /imports/:jobId` reports (the admin screen's way).
 */
export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  trackImportJobs(app);
  const maxBytes = envInteger(process.env, 'STAFETTE_MIGRATION_MAX_BYTES', 256 * 1024 * 1024, 1);
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 100 } });
  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/spaces/:id/import',
    {
      bodyLimit: maxBytes,
      // Owners bring whole wikis in; strangers are refused before they send the archive.
      config: { access: { resource: 'space', action: 'update', early: true } },
      schema: {
        tags,
        summary: 'Import a wiki export into a space (owners): a Markdown folder, a Confluence space HTML export or a BookStack portable ZIP, as a ZIP archive',
        description:
          'Send the archive as `application/zip`, or as multipart/form-data in the field `file` (at most STAFETTE_MIGRATION_MAX_BYTES, 256 MB). ' +
          'Folders and page trees become the page tree; links between pages and to images and files are rewritten; files become attachments. ' +
          'Running the same import again updates what it imported before (matched by the id in the source) and never duplicates. ' +
          'Hostile archives (ZIP bombs, paths leaving the archive, symbolic links, duplicate names) are refused with 422 `archive-unsafe`, nothing imported. ' +
          'With `background=true` the archive is checked and read first (the same refusals), then the answer is 202 with a `jobId` and the import goes on in the background: ' +
          '`GET /imports/:jobId` reports its progress (pages done of the total) and at the end the same summary, or why it failed.',
        params: IdParams,
        querystring: MigrationImportQuery,
        consumes: [...ZIP_TYPES, 'multipart/form-data'],
        response: { 200: MigrationResultSchema, 202: MigrationJobStartedSchema },
      },
    },
    async (request, reply) => {
      const { space } = grantOf(request, 'space');
      let bytes: Buffer;
      if (request.isMultipart()) {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') throw badRequest('Send the archive in the multipart field "file".');
        bytes = await part.toBuffer().catch((err: unknown) => {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw payloadTooLarge(`The archive is larger than ${maxBytes} bytes.`);
          throw err;
        });
      } else if (Buffer.isBuffer(request.body)) {
        bytes = request.body;
      } else {
        throw unsupportedMediaType('Send the archive as application/zip or as multipart/form-data in the field "file".');
      }
      const source = readExport(request.query.format, readZip(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
      const input = { spaceId: space.id, parentId: request.query.parentId ?? null, format: request.query.format, source };
      if (request.query.background) return reply.code(202).send({ jobId: await startImportJob(app, input, actorOf(request)) });
      return runMigration(app, input, actorOf(request));
    },
  );

  app.get(
    '/imports/:jobId',
    {
      // Only whoever started the job sees it (others get 404 as for a job that does not exist).
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Progress and result of a background import (the account that started it)',
        description: 'Pages done of the total in the current phase (pages: placing them in the tree; content: bodies and files), then status done with the summary or failed with the reason. A job whose server stopped is reported as failed.',
        params: MigrationJobParams,
        response: { 200: MigrationJobSchema },
      },
    },
    async (request) => {
      const job = await readImportJob(app, request.params.jobId, currentUser(request).id);
      if (!job) throw notFound('import job');
      return job;
    },
  );
};
