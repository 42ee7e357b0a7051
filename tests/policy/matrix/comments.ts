import { byLevel, type MatrixContext, type MatrixEntry } from './types.ts';

/**
 * Comments: everyone who reads a page reads and (by default) writes comments; authors edit
 * their own; owners delete any; editors (and whoever started a thread) resolve. The comment
 * settings of a space: its readers see them, its owners change them.
 */
const read = byLevel({ read: 200, write: 200, manage: 200 });

/** A comment on a new page of the shared space, written by `authorId`. */
async function commentBy(ctx: MatrixContext, authorId: string): Promise<string> {
  const pageId = await ctx.page();
  const row = await ctx.db.insertInto('comments').values({ page_id: pageId, author_id: authorId, body: 'Ist die Gebühr noch aktuell?', anchor: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A comment the caller wrote (anonymous callers: the editor's). */
const ownComment = (ctx: MatrixContext) => commentBy(ctx, ctx.caller?.id ?? ctx.users.editor.id);

/** A comment someone else wrote (a new account), so only the caller's role decides. */
const othersComment = async (ctx: MatrixContext) => commentBy(ctx, (await ctx.user()).id);

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/pages/:id/comments', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/comments` }), expect: read },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/comments',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/comments`, body: { body: 'Bitte prüfen' } }),
    expect: byLevel({ read: 201, write: 201, manage: 201 }),
  },
  {
    method: 'GET',
    route: '/api/v1/pages/:id/comments/stream',
    // Without Accept: text/event-stream the route answers the list once (the stream itself: tests/comments/live.test.ts).
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/comments/stream` }),
    expect: read,
  },
  { method: 'PATCH', route: '/api/v1/comments/:id', request: async (ctx) => ({ url: `/api/v1/comments/${await ownComment(ctx)}`, body: { body: 'Korrigiert' } }), expect: read },
  {
    method: 'DELETE',
    route: '/api/v1/comments/:id',
    request: async (ctx) => ({ url: `/api/v1/comments/${await othersComment(ctx)}` }),
    expect: byLevel({ read: 403, write: 403, manage: 204 }),
  },
  {
    method: 'POST',
    route: '/api/v1/comments/:id/resolve',
    request: async (ctx) => ({ url: `/api/v1/comments/${await othersComment(ctx)}/resolve` }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  {
    method: 'POST',
    route: '/api/v1/comments/:id/reopen',
    request: async (ctx) => ({ url: `/api/v1/comments/${await othersComment(ctx)}/reopen` }),
    expect: byLevel({ read: 403, write: 200, manage: 200 }),
  },
  { method: 'GET', route: '/api/v1/pages/:id/mentionable', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/mentionable?q=a` }), expect: read },
  { method: 'GET', route: '/api/v1/spaces/:id/comment-settings', request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}/comment-settings` }), expect: read },
  {
    method: 'PUT',
    route: '/api/v1/spaces/:id/comment-settings',
    request: (ctx) => ({ url: `/api/v1/spaces/${ctx.spaceId}/comment-settings`, body: { readersMayComment: true } }),
    expect: byLevel({ read: 403, write: 403, manage: 200 }),
  },
];
