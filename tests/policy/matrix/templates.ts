import { zipSync } from 'fflate';
import { byLevel, signedIn, type MatrixContext, type MatrixEntry } from './types.ts';

/**
 * Templates: a space's gallery is read by its readers and kept by its owners (global templates:
 * administrators and knowledge managers, tests/templates). Migration imports: owners; a
 * background import's job: the account that started it (others: 404, tests/imports).
 */

/** A finished background import started by the caller (any account for anonymous callers). */
async function ownJob(ctx: MatrixContext): Promise<string> {
  const userId = ctx.caller?.id ?? (await ctx.user()).id;
  const row = await ctx.db.insertInto('import_jobs').values({ space_id: ctx.spaceId, user_id: userId, format: 'markdown', status: 'done', result: JSON.stringify({ created: 0, updated: 0, unchanged: 0, files: 0, skipped: [], rootPageIds: [] }) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

async function spaceTemplate(ctx: MatrixContext): Promise<string> {
  const row = await ctx.db
    .insertInto('templates')
    .values({ space_id: ctx.spaceId, name: `Vorlage ${ctx.unique()}`, body: '# {{Titel}}', fields: JSON.stringify([{ name: 'Titel', description: '' }]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const archive = Buffer.from(zipSync({ 'Start.md': new TextEncoder().encode('# Start\n\nWillkommen.') }));

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/templates', request: (ctx) => ({ url: `/api/v1/templates?spaceId=${ctx.spaceId}` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'POST',
    route: '/api/v1/templates',
    request: (ctx) => ({ url: '/api/v1/templates', body: { spaceId: ctx.spaceId, name: `Vorlage ${ctx.unique()}`, body: '# {{Titel}}' } }),
    expect: byLevel({ read: 403, write: 403, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/templates/:id', request: async (ctx) => ({ url: `/api/v1/templates/${await spaceTemplate(ctx)}` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'PATCH',
    route: '/api/v1/templates/:id',
    request: async (ctx) => ({ url: `/api/v1/templates/${await spaceTemplate(ctx)}`, body: { description: 'Neu' } }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  { method: 'DELETE', route: '/api/v1/templates/:id', request: async (ctx) => ({ url: `/api/v1/templates/${await spaceTemplate(ctx)}` }), expect: byLevel({ read: 403, write: 403, manage: 204 }) },
  {
    method: 'POST',
    route: '/api/v1/spaces/:id/import',
    request: async (ctx) => ({ url: `/api/v1/spaces/${await ctx.space()}/import?format=markdown`, body: archive, headers: { 'content-type': 'application/zip' } }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  { method: 'GET', route: '/api/v1/imports/:jobId', request: async (ctx) => ({ url: `/api/v1/imports/${await ownJob(ctx)}` }), expect: signedIn(200) },
];
