import { addMember } from '../../support/seed.ts';
import { byLevel, type MatrixEntry, signedIn } from './types.ts';

/** Spaces and their members. */
export const entries: MatrixEntry[] = [
  { method: 'POST', route: '/api/v1/spaces', request: (ctx) => ({ url: '/api/v1/spaces', body: { name: `Amt ${ctx.unique()}` } }), expect: signedIn(201) },
  { method: 'GET', route: '/api/v1/spaces', request: () => ({ url: '/api/v1/spaces' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/spaces/:id', request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'PATCH',
    route: '/api/v1/spaces/:id',
    request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}`, body: { description: 'Zuständig für Ausweise' } }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:id/archive',
    request: async (ctx) => ({ url: `/api/v1/spaces/${await ctx.space()}/archive` }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:id/restore',
    request: async (ctx) => ({ url: `/api/v1/spaces/${await ctx.space({ archived: true })}/restore` }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  { method: 'GET', route: '/api/v1/spaces/:id/tree', request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}/tree` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'GET',
    route: '/api/v1/spaces/:id/members',
    request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}/members` }),
    expect: byLevel({ read: 200, write: 200, manage: 200 }),
  },
  {
    method: 'PUT',
    route: '/api/v1/spaces/:id/members/:userId',
    request: async (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}/members/${(await ctx.user()).id}`, body: { role: 'reader' } }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/spaces/:id/members/:userId',
    request: async (ctx) => {
      const member = await ctx.user();
      await addMember(ctx.db, ctx.spaceId, member, 'editor');
      return { url: `/api/v1/spaces/${ctx.spaceId}/members/${member.id}` };
    },
    expect: byLevel({ read: 403, write: 403, manage: 204 }),
  },
];
