import { byInstanceRole, byLevel, type MatrixContext, type MatrixEntry } from './types.ts';
import { createProcess, parseUpload } from '../../../server/src/processes/process-service.ts';
import { linearModel } from '../../support/processes.ts';

/**
 * Publishing: readers see whether something is published, space owners publish and unpublish,
 * administrators set the portal's settings. The portal itself (/public) is outside the API.
 */
const system = { actorId: null, ip: null };

/** A new space of the shared members, classified public, so publishing succeeds for those allowed. */
async function publicSpace(ctx: MatrixContext): Promise<string> {
  const spaceId = await ctx.space();
  await ctx.db.updateTable('spaces').set({ classification: 'oeffentlich' }).where('id', '=', spaceId).execute();
  return spaceId;
}

async function publicPage(ctx: MatrixContext): Promise<string> {
  return ctx.page({ spaceId: await publicSpace(ctx) });
}

async function publicProcess(ctx: MatrixContext): Promise<string> {
  const xml = linearModel({ name: 'Matrixablauf', taskIds: ['Task_1'] });
  const { id } = await createProcess(ctx.db, await publicSpace(ctx), await parseUpload({ bytes: Buffer.from(xml), fileName: null }), system);
  return id;
}

const read = byLevel({ read: 200, write: 200, manage: 200 });
const owners = byLevel({ read: 403, write: 403, manage: 200 });
const SETTINGS = { municipalityName: 'Musterstadt', imprintUrl: 'https://musterstadt.example/impressum', licence: 'dl-de/by-2-0' };

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/pages/:id/publish', request: async (ctx) => ({ url: `/api/v1/pages/${await publicPage(ctx)}/publish` }), expect: read },
  { method: 'POST', route: '/api/v1/pages/:id/publish', request: async (ctx) => ({ url: `/api/v1/pages/${await publicPage(ctx)}/publish`, body: { subtree: true } }), expect: owners },
  { method: 'DELETE', route: '/api/v1/pages/:id/publish', request: async (ctx) => ({ url: `/api/v1/pages/${await publicPage(ctx)}/publish` }), expect: owners },
  { method: 'GET', route: '/api/v1/processes/:id/publish', request: async (ctx) => ({ url: `/api/v1/processes/${await publicProcess(ctx)}/publish` }), expect: read },
  { method: 'POST', route: '/api/v1/processes/:id/publish', request: async (ctx) => ({ url: `/api/v1/processes/${await publicProcess(ctx)}/publish`, body: {} }), expect: owners },
  { method: 'DELETE', route: '/api/v1/processes/:id/publish', request: async (ctx) => ({ url: `/api/v1/processes/${await publicProcess(ctx)}/publish` }), expect: owners },
  { method: 'GET', route: '/api/v1/admin/publishing', request: () => ({ url: '/api/v1/admin/publishing' }), expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }) },
  { method: 'PUT', route: '/api/v1/admin/publishing', request: () => ({ url: '/api/v1/admin/publishing', body: SETTINGS }), expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }) },
];
