import * as Y from 'yjs';
import { byLevel, type MatrixContext, type MatrixEntry } from './types.ts';

/** Page content (body, import, export, backlinks) and versions: readers read, editors change. */

const read = byLevel({ read: 200, write: 200, manage: 200 });

/** A page with one stored version (written directly: the matrix tests the routes, not versioning). */
async function pageWithVersion(ctx: MatrixContext): Promise<{ pageId: string; versionId: string }> {
  const pageId = await ctx.page();
  const doc = new Y.Doc();
  const row = await ctx.db
    .insertInto('page_versions')
    .values({ page_id: pageId, number: 1, kind: 'manual', label: 'Matrix', state: Y.encodeStateAsUpdate(doc), ydoc_snapshot: Y.encodeSnapshot(Y.snapshot(doc)), text: '', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  doc.destroy();
  return { pageId, versionId: row.id };
}

export const entries: MatrixEntry[] = [
  {
    method: 'PUT',
    route: '/api/v1/pages/:id/content',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/content`, body: { markdown: '# Neu' } }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/pages/import',
    request: (ctx) => ({ url: '/api/v1/pages/import', body: { spaceId: ctx.spaceId, title: 'Importiert', markdown: '# Import' } }),
    expect: byLevel({ read: 403, write: 201, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/pages/:id/export', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/export?format=html` }), expect: read },
  { method: 'GET', route: '/api/v1/pages/:id/backlinks', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/backlinks` }), expect: read },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/versions',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/versions`, body: { label: 'Stand' } }),
    expect: byLevel({ read: 403, write: 201, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/pages/:id/versions', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/versions` }), expect: read },
  {
    method: 'GET',
    route: '/api/v1/pages/:id/versions/:vid',
    request: async (ctx) => {
      const { pageId, versionId } = await pageWithVersion(ctx);
      return { url: `/api/v1/pages/${pageId}/versions/${versionId}` };
    },
    expect: read,
  },
  {
    method: 'GET',
    route: '/api/v1/pages/:id/versions/:vid/diff',
    request: async (ctx) => {
      const { pageId, versionId } = await pageWithVersion(ctx);
      return { url: `/api/v1/pages/${pageId}/versions/${versionId}/diff?against=current` };
    },
    expect: read,
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/versions/:vid/restore',
    request: async (ctx) => {
      const { pageId, versionId } = await pageWithVersion(ctx);
      return { url: `/api/v1/pages/${pageId}/versions/${versionId}/restore` };
    },
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
];
