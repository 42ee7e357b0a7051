import { byLevel, type MatrixEntry, signedIn } from './types.ts';

/** The page tree (not page content, which has its own entries). */
export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/pages',
    request: (ctx) => ({ url: '/api/v1/pages', body: { spaceId: ctx.spaceId, title: 'Neue Seite' } }),
    expect: byLevel({ read: 403, write: 201, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/pages', request: (ctx) => ({ url: `/api/v1/pages?spaceId=${ctx.spaceId}` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  { method: 'GET', route: '/api/v1/pages/recent', request: () => ({ url: '/api/v1/pages/recent' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/pages/mine', request: () => ({ url: '/api/v1/pages/mine' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/pages/:id', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'PATCH',
    route: '/api/v1/pages/:id',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}`, body: { title: 'Umbenannt' } }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/move',
    request: async (ctx) => {
      const parent = await ctx.page();
      return { url: `/api/v1/pages/${await ctx.page()}/move`, body: { parentId: parent, position: 0 } };
    },
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/archive',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/archive` }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/restore',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page({ archived: true })}/restore` }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/pages/:id',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page({ archived: true })}` }),
    expect: byLevel({ read: 403, write: 403, manage: 204 }),
  },
];
