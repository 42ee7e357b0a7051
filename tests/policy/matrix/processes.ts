import { byLevel, type MatrixContext, type MatrixEntry } from './types.ts';
import { addVersion, attachPage, createProcess, parseUpload, setArchived } from '../../../server/src/processes/process-service.ts';
import { linearModel, multipart } from '../../support/processes.ts';

/** Processes: readers view, editors attach and detach pages, owners import, version and archive. */
const system = { actorId: null, ip: null };
const xml = () => linearModel({ name: 'Matrixprozess', taskIds: ['Task_1'] });
const asXml = { 'content-type': 'application/xml' };

async function process(ctx: MatrixContext, options: { archived?: boolean } = {}): Promise<string> {
  const { id } = await createProcess(ctx.db, ctx.spaceId, await parseUpload({ bytes: Buffer.from(xml()), fileName: null }), system);
  if (options.archived) await setArchived(ctx.db, id, true, system);
  return id;
}

async function attached(ctx: MatrixContext): Promise<{ processId: string; pageId: string }> {
  const processId = await process(ctx);
  const pageId = await ctx.page();
  await attachPage(ctx.db, processId, 'Task_1', pageId, system);
  return { processId, pageId };
}

/** A process whose Task_1 (with a page) a second version removed: the page is flagged for review. */
async function flagged(ctx: MatrixContext): Promise<{ processId: string; pageId: string }> {
  const found = await attached(ctx);
  const next = await parseUpload({ bytes: Buffer.from(linearModel({ name: 'Matrixprozess', taskIds: ['Task_2'] })), fileName: null });
  await addVersion(ctx.db, found.processId, next, system);
  return found;
}

const view = byLevel({ read: 200, write: 200, manage: 200 });

export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/processes/import',
    request: (ctx) => ({ url: `/api/v1/processes/import?spaceId=${ctx.spaceId}`, body: xml(), headers: asXml }),
    expect: byLevel({ read: 403, write: 403, manage: 201 }),
  },
  {
    method: 'POST',
    route: '/api/v1/processes/:id/versions',
    request: async (ctx) => {
      const { body, contentType } = multipart('v2.bpmn', linearModel({ name: 'Matrixprozess', taskIds: ['Task_2'] }));
      return { url: `/api/v1/processes/${await process(ctx)}/versions`, body, headers: { 'content-type': contentType } };
    },
    expect: byLevel({ read: 403, write: 403, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/processes', request: (ctx) => ({ url: `/api/v1/processes?spaceId=${ctx.spaceId}` }), expect: view },
  { method: 'GET', route: '/api/v1/processes/:id', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}` }), expect: view },
  { method: 'GET', route: '/api/v1/processes/:id/bpmn', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/bpmn` }), expect: view },
  { method: 'GET', route: '/api/v1/processes/:id/versions', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/versions` }), expect: view },
  { method: 'GET', route: '/api/v1/processes/:id/coverage', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/coverage` }), expect: view },
  {
    method: 'POST',
    route: '/api/v1/processes/:id/archive',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/archive` }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/processes/:id/restore',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx, { archived: true })}/restore` }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'GET',
    route: '/api/v1/processes/:id/steps/:elementId/pages',
    request: async (ctx) => ({ url: `/api/v1/processes/${(await attached(ctx)).processId}/steps/Task_1/pages` }),
    expect: view,
  },
  {
    method: 'PUT',
    route: '/api/v1/processes/:id/steps/:elementId/pages/:pageId',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/steps/Task_1/pages/${await ctx.page()}` }),
    expect: byLevel({ read: 403, write: 204, manage: 204 }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/processes/:id/steps/:elementId/pages/:pageId',
    request: async (ctx) => {
      const { processId, pageId } = await attached(ctx);
      return { url: `/api/v1/processes/${processId}/steps/Task_1/pages/${pageId}` };
    },
    expect: byLevel({ read: 403, write: 204, manage: 204 }),
  },
  {
    method: 'GET',
    route: '/api/v1/pages/:id/steps',
    request: async (ctx) => ({ url: `/api/v1/pages/${(await attached(ctx)).pageId}/steps` }),
    expect: view,
  },
  { method: 'GET', route: '/api/v1/processes/landscape', request: (ctx) => ({ url: `/api/v1/processes/landscape?spaceId=${ctx.spaceId}` }), expect: view },
  {
    method: 'PATCH',
    route: '/api/v1/processes/:id',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}`, body: { category: 'Bürgerservice' } }),
    expect: byLevel({ read: 403, write: 403, manage: 204 }),
  },
  {
    method: 'GET',
    route: '/api/v1/processes/:id/steps/:elementId/people',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/steps/Task_1/people` }),
    expect: view,
  },
  {
    method: 'PUT',
    route: '/api/v1/processes/:id/steps/:elementId/people',
    request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/steps/Task_1/people`, body: { role: 'Sachbearbeitung', contactIds: [ctx.users.reader.id] } }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  { method: 'GET', route: '/api/v1/processes/:id/compare', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/compare?from=1&to=1` }), expect: view },
  {
    method: 'POST',
    route: '/api/v1/processes/:id/steps/:elementId/pages/:pageId/review',
    request: async (ctx) => {
      const { processId, pageId } = await flagged(ctx);
      return { url: `/api/v1/processes/${processId}/steps/Task_1/pages/${pageId}/review` };
    },
    expect: byLevel({ read: 403, write: 204, manage: 204 }),
  },
  { method: 'GET', route: '/api/v1/processes/:id/export', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/export?format=bpmn` }), expect: view },
];
