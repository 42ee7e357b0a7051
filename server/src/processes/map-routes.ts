import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AttachParams,
  CompareQuery,
  ProcessExportFileSchema,
  ProcessExportQuery,
  IdParams,
  LandscapeQuery,
  LandscapeSchema,
  NoBody,
  NoContent,
  ProcessSettingsBody,
  StepParams,
  StepPeopleBody,
  StepPeopleSchema,
  VersionCompareSchema,
  PRINT_EXPORT_FORMATS,
  type PrintExportFormat,
} from '@stafette/api';
import { exportHandbook } from '../exports/handbook.ts';
import type { ProcessModel } from '@stafette/bpmn';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { sendDownload } from '../http/download.ts';
import { notFound, Problem } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { stepAttachmentAccess } from '../policy/processes.ts';
import { grantOf } from '../policy/route-access.ts';
import { closeDiagramRenderer, renderDiagram } from './diagram-renderer.ts';
import { bpmnWithLinks } from './export.ts';
import { compareVersions, isResponsible, landscape, stepPeople } from './map-queries.ts';
import { resolveReviewFlags, setStepPeople, updateSettings } from './map-service.ts';
import { bpmnFileStem } from './process-name.ts';
import { confirmReview } from '../reviews/review-service.ts';
import { versionXml } from './process-queries.ts';
import { attachPage } from './process-service.ts';

const tags = ['processes'];
/** Formats the export route writes: the model, the diagram, and the process handbook (server/src/exports). */
const EXPORT_FORMATS = ['bpmn', 'svg', 'png', ...PRINT_EXPORT_FORMATS] as const;

/**
 * The process as the map of knowledge: landscape, settings, step people, version comparison
 * with review flags, and exports. Registered by routes.ts inside the processes plugin.
 */
export function registerMapRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onClose', closeDiagramRenderer);

  api.get(
    '/processes/landscape',
    {
      config: { access: { resource: 'space', action: 'read', id: 'query.spaceId' } },
      schema: {
        tags,
        summary: 'The process landscape of a space: processes by category with coverage, risk, owner and last change',
        querystring: LandscapeQuery,
        response: { 200: LandscapeSchema },
      },
    },
    async (request) => landscape(app.db, request.query.spaceId, await readableSpaceIds(app.db, currentUser(request))),
  );

  api.patch(
    '/processes/:id',
    {
      config: { access: { resource: 'process', action: 'import' } },
      schema: {
        tags,
        summary: 'Change a process’s category (landscape group) or owner (space owners)',
        params: IdParams,
        body: ProcessSettingsBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await updateSettings(app.db, request.params.id, request.body, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/processes/:id/steps/:elementId/people',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: { tags, summary: 'Who answers for a step: its role (from the lane unless set) and named contacts', params: StepParams, response: { 200: StepPeopleSchema } },
    },
    async (request) => {
      const people = await stepPeople(app.db, request.params.id, request.params.elementId);
      if (!people) throw notFound('step');
      return people;
    },
  );

  api.put(
    '/processes/:id/steps/:elementId/people',
    {
      config: { access: { resource: 'process', action: 'attach' } },
      schema: {
        tags,
        summary: 'Set a step’s responsible role (null: the lane’s name) and contacts (space editors)',
        params: StepParams,
        body: StepPeopleBody,
        response: { 200: StepPeopleSchema },
      },
    },
    async (request) => {
      const { id, elementId } = request.params;
      await setStepPeople(app.db, id, elementId, request.body, actorOf(request));
      return (await stepPeople(app.db, id, elementId))!;
    },
  );

  api.get(
    '/processes/:id/compare',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Compare two versions: steps added, removed, renamed and moved, and pages flagged for review on removed steps',
        params: IdParams,
        querystring: CompareQuery,
        response: { 200: VersionCompareSchema },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return compareVersions(app.db, request.params.id, from, to, await readableSpaceIds(app.db, grantOf(request, 'process').user));
    },
  );

  api.post(
    '/processes/:id/steps/:elementId/pages/:pageId/review',
    {
      config: { access: { resource: 'process', action: 'attach' } },
      schema: {
        tags,
        summary: 'Mark a page flagged after its step was removed as reviewed (space editors); by the page’s responsible person it also confirms the page’s review',
        params: AttachParams,
        body: NoBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { id, elementId, pageId } = request.params;
      const actor = actorOf(request);
      if (!(await resolveReviewFlags(app.db, id, elementId, pageId, actor))) throw notFound('review flag');
      // The page's responsible person (reviews capability) reviewed it: that confirms its review too.
      if (await isResponsible(app.db, pageId, actor.actorId)) await confirmReview(app.db, pageId, actor);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/processes/:id/export',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Export the current version: bpmn (with step → page links), svg or png (the diagram), or the process handbook as pdf, docx or odt',
        description:
          'bpmn writes each step’s pages (those the caller can read) as a Stafette extension element and a documentation list (packages/bpmn README); ' +
          'importing the file again restores the links. svg and png are drawn by bpmn-js in a headless Chromium on the server. ' +
          'pdf, docx and odt are the process handbook: the diagram, then every step in flow order with the live pages attached to it that the caller can read; ' +
          'each page passes the classification gate (403 `classification-export-denied`, audited as `page.export`), the document carries the highest level; 413 `export-too-large`, 503 `export-unavailable`. ' +
          'Other formats answer 415 export-format-unsupported. Sent as a download.',
        params: IdParams,
        querystring: ProcessExportQuery,
        produces: ['application/xml', 'image/svg+xml', 'image/png', 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text'],
        response: { 200: ProcessExportFileSchema },
      },
    },
    async (request, reply) => {
      const format = request.query.format.toLowerCase();
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw new Problem(415, 'export-format-unsupported', 'Export format not supported', `Processes export as ${EXPORT_FORMATS.join(', ')}; "${format.slice(0, 20)}" is not written (yet).`);
      }
      const found = await versionXml(app.db, request.params.id);
      if (!found) throw notFound('process');
      reply.header('x-process-version', String(found.version));
      if ((PRINT_EXPORT_FORMATS as readonly string[]).includes(format)) {
        return sendDownload(reply, await exportHandbook(app, request, request.params.id, { format: format as PrintExportFormat, origin: originOf(request) }));
      }
      const name = bpmnFileStem(found);
      if (format === 'bpmn') {
        const readable = await readableSpaceIds(app.db, grantOf(request, 'process').user);
        const body = await bpmnWithLinks(app.db, request.params.id, found.xml, readable, originOf(request));
        return sendDownload(reply, { name, extension: 'bpmn', contentType: 'application/xml; charset=utf-8', body });
      }
      const drawn = await renderDiagram(found.xml, format as 'svg' | 'png');
      return sendDownload(reply, {
        name,
        extension: format,
        contentType: format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png',
        body: drawn,
      });
    },
  );

  function originOf(request: FastifyRequest): string {
    return app.config.publicUrl ?? `${request.protocol}://${request.host}`;
  }
}

/**
 * After an import or a new version: attaches the pages a Stafette export named on its steps,
 * each only where the importer may attach it (the attach route's rule). Returns how many.
 */
export async function restorePageLinks(app: FastifyInstance, request: FastifyRequest, processId: string, model: ProcessModel): Promise<number> {
  const user = currentUser(request);
  let restored = 0;
  const decided = new Map<string, boolean>();
  for (const step of model.steps) {
    for (const pageId of step.pageLinks.slice(0, 100)) {
      let allowed = decided.get(pageId);
      if (allowed === undefined) {
        allowed = (await stepAttachmentAccess(app.db, user, processId, pageId)) === 'allow';
        decided.set(pageId, allowed);
      }
      if (allowed && (await attachPage(app.db, processId, step.elementId, pageId, actorOf(request)))) restored++;
      if (decided.size > 2000) return restored;
    }
  }
  return restored;
}
