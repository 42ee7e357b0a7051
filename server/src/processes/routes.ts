import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import {
  ArchiveResultSchema,
  AttachedPageListSchema,
  AttachParams,
  BpmnFileSchema,
  BpmnQuery,
  CoverageSchema,
  IdParams,
  ImportQuery,
  ImportResultSchema,
  NoBody,
  NoContent,
  PageStepListSchema,
  ProcessListQuery,
  ProcessSchema,
  ProcessSummaryListSchema,
  ProcessVersionListSchema,
  StepParams,
  UploadBody,
  VersionResultSchema,
  VersionUploadQuery,
} from '@stafette/api';
import { isBpmnImportError } from '@stafette/bpmn';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { sendDownload } from '../http/download.ts';
import { notFound } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { bpmnProblem } from './bpmn-problem.ts';
import { registerMapRoutes, restorePageLinks } from './map-routes.ts';
import { bpmnFileStem } from './process-name.ts';
import { withClassification } from '../classification/effective.ts';
import { coverage, currentVersion, findStep, getProcess, listProcesses, listVersions, pageSteps, stepPages, versionXml } from './process-queries.ts';
import { addVersion, attachPage, createProcess, detachPage, parseUpload, setArchived, type Upload } from './process-service.ts';
import { MAX_UPLOAD_BYTES, readUpload, registerUploadParsers, tooLargeProblem, XML_CONTENT_TYPES } from './upload.ts';

const tags = ['processes'];
const UPLOAD_TYPES = [...XML_CONTENT_TYPES, 'multipart/form-data'];
const UPLOAD_NOTE =
  'The BPMN 2.0 file is the request body (application/xml or text/xml, decoded by its XML declaration) or the file of a ' +
  `multipart/form-data request; at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB. Refused files answer 413/422 problem+json ` +
  'with type urn:stafette:problem:bpmn-<code> (not-xml, not-bpmn, doctype-forbidden, too-large, too-many-elements, too-deep, bad-encoding). ' +
  'Everything else a modelling tool writes is imported; what was skipped, renamed or left unconnected is listed in `warnings` with its line.';
/**
 * Processes from BPMN 2.0 files: import, versions, archive, steps with pages attached, and
 * coverage. Each route declares its access (`policy/processes.ts` decides, the access hook
 * asks); reads come from `process-queries.ts`, writes from `process-service.ts`.
 */
export const processesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerUploadParsers(app);
  // A raw body over the limit is refused before it is read, with the same problem type a
  // multipart upload over the limit gets.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLargeProblem();
    throw error;
  });

  async function parse(upload: Upload) {
    try {
      return await parseUpload(upload);
    } catch (error) {
      if (isBpmnImportError(error)) throw bpmnProblem(error);
      throw error;
    }
  }

  app.post(
    '/processes/import',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      // Decided before the body is read too: strangers do not get to upload 20 MB.
      config: { access: { resource: 'space', action: 'importProcess', id: 'query.spaceId', early: true } },
      schema: {
        tags,
        summary: 'Import a BPMN 2.0 file as a new process (space owners)',
        description: UPLOAD_NOTE + ' Always creates a new process; its name is the process’s, else the definitions’, else the file name.',
        consumes: UPLOAD_TYPES,
        body: UploadBody,
        querystring: ImportQuery,
        response: { 201: ImportResultSchema },
      },
    },
    async (request, reply) => {
      const { spaceId, fileName } = request.query;
      const parsed = await parse(await readUpload(request, fileName));
      const result = await createProcess(app.db, spaceId, parsed, actorOf(request));
      // A Stafette export names the pages of its steps: they come back attached.
      await restorePageLinks(app, request, result.id, parsed.model);
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/processes/:id/versions',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      config: { access: { resource: 'process', action: 'import', early: true } },
      schema: {
        tags,
        summary: 'Upload a new version of a process (space owners)',
        description:
          UPLOAD_NOTE +
          ' Steps are matched by BPMN element id: pages stay on every step whose id survives. Steps that disappear while pages hang on them are kept as orphaned links and listed in `orphaned`.',
        consumes: UPLOAD_TYPES,
        body: UploadBody,
        params: IdParams,
        querystring: VersionUploadQuery,
        response: { 201: VersionResultSchema },
      },
    },
    async (request, reply) => {
      const parsed = await parse(await readUpload(request, request.query.fileName));
      const result = await addVersion(app.db, request.params.id, parsed, actorOf(request));
      await restorePageLinks(app, request, result.id, parsed.model);
      return reply.status(201).send(result);
    },
  );

  registerMapRoutes(app);

  app.get(
    '/processes',
    {
      config: { access: { resource: 'space', action: 'read', id: 'query.spaceId', optional: true } },
      schema: {
        tags,
        summary: 'Processes of a space, or of every space the caller can read',
        querystring: ProcessListQuery,
        response: { 200: ProcessSummaryListSchema },
      },
    },
    async (request) => {
      const { spaceId, includeArchived = false } = request.query;
      const spaces = spaceId ? [spaceId] : await readableSpaceIds(app.db, currentUser(request));
      return listProcesses(app.db, spaces, { includeArchived });
    },
  );

  app.get(
    '/processes/:id',
    { config: { access: { resource: 'process', action: 'view' } }, schema: { tags, summary: 'A process: current steps, orphaned steps, pools, lanes, flows', params: IdParams, response: { 200: ProcessSchema } } },
    async (request) => {
      const process = await getProcess(app.db, request.params.id);
      if (!process) throw notFound('process');
      return process;
    },
  );

  app.get(
    '/processes/:id/bpmn',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'The BPMN XML of the current version (or of ?version=n), as uploaded',
        description:
          'Served as UTF-8; a declaration that named another encoding was rewritten to UTF-8 on import. A download (attachment, named after the uploaded ' +
          'file or the process) with a sandbox CSP: the model may carry markup from its author and is never rendered on the wiki origin.',
        params: IdParams,
        querystring: BpmnQuery,
        produces: ['application/xml'],
        response: { 200: BpmnFileSchema },
      },
    },
    async (request, reply) => {
      const found = await versionXml(app.db, request.params.id, request.query.version);
      if (!found) throw notFound('version');
      reply.header('x-process-version', String(found.version));
      return sendDownload(reply, { name: bpmnFileStem(found), extension: 'bpmn', contentType: 'application/xml; charset=utf-8', body: found.xml });
    },
  );

  app.get(
    '/processes/:id/versions',
    { config: { access: { resource: 'process', action: 'view' } }, schema: { tags, summary: 'Uploaded versions, newest first', params: IdParams, response: { 200: ProcessVersionListSchema } } },
    async (request) => listVersions(app.db, request.params.id, await currentVersionOf(request.params.id)),
  );

  /** The current version of a process the access check found (404 if it went meanwhile). */
  async function currentVersionOf(id: string): Promise<number> {
    const version = await currentVersion(app.db, id);
    if (version === null) throw notFound('process');
    return version;
  }

  app.post(
    '/processes/:id/archive',
    { config: { access: { resource: 'process', action: 'archive' } }, schema: { tags, summary: 'Archive a process (space owners): hidden from lists, read-only', params: IdParams, body: NoBody, response: { 200: ArchiveResultSchema } } },
    async (request) => {
      const archivedAt = await setArchived(app.db, request.params.id, true, actorOf(request));
      return { id: request.params.id, archivedAt: archivedAt!.toISOString() };
    },
  );

  app.post(
    '/processes/:id/restore',
    { config: { access: { resource: 'process', action: 'archive' } }, schema: { tags, summary: 'Restore an archived process (space owners)', params: IdParams, body: NoBody, response: { 200: ArchiveResultSchema } } },
    async (request) => {
      await setArchived(app.db, request.params.id, false, actorOf(request));
      return { id: request.params.id, archivedAt: null };
    },
  );

  app.get(
    '/processes/:id/steps/:elementId/pages',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Pages attached to a step (only those the caller can read)',
        params: StepParams,
        response: { 200: AttachedPageListSchema },
      },
    },
    async (request) => {
      const { id, elementId } = request.params;
      if (!(await findStep(app.db, id, elementId))) throw notFound('step');
      const pages = await stepPages(app.db, id, elementId, await readableSpaceIds(app.db, grantOf(request, 'process').user));
      return withClassification(app.db, pages, (page) => page.id);
    },
  );

  app.put(
    '/processes/:id/steps/:elementId/pages/:pageId',
    {
      // The rule of decideStepAttachment (policy/processes.ts), which interview publication asks
      // too: edit rights on a live process, and a page the caller reads that is not archived.
      config: {
        access: [
          { resource: 'process', action: 'attach' },
          { resource: 'page', action: 'attach', id: 'params.pageId' },
        ],
      },
      schema: {
        tags,
        summary: 'Attach a page to a step (space editors; the page may be in any space the caller can read)',
        params: AttachParams,
        body: NoBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { id, elementId, pageId } = request.params;
      await attachPage(app.db, id, elementId, pageId, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/processes/:id/steps/:elementId/pages/:pageId',
    {
      config: { access: { resource: 'process', action: 'attach' } },
      schema: {
        tags,
        summary: 'Detach a page from a step (space editors); also clears orphaned links',
        params: AttachParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { id, elementId, pageId } = request.params;
      await detachPage(app.db, id, elementId, pageId, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/processes/:id/coverage',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Knowledge coverage per step: attached pages and their newest edit',
        params: IdParams,
        response: { 200: CoverageSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const version = await currentVersionOf(id);
      const steps = await coverage(app.db, id, await readableSpaceIds(app.db, grantOf(request, 'process').user));
      return { processId: id, version, stepCount: steps.length, coveredCount: steps.filter((s) => s.pageCount > 0).length, steps };
    },
  );

  app.get(
    '/pages/:id/steps',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Process steps a page is attached to (in processes the caller can read)',
        params: IdParams,
        response: { 200: PageStepListSchema },
      },
    },
    async (request) => pageSteps(app.db, request.params.id, await readableSpaceIds(app.db, grantOf(request, 'page').user)),
  );
};

