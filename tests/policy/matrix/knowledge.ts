import { byLevel, type MatrixContext, type MatrixEntry, signedIn } from './types.ts';
import { createReadRequest } from '../../../server/src/read-confirmations/read-service.ts';

/**
 * Knowledge upkeep: the risk map (every reader, filtered), reviews (owners, admins and
 * knowledge managers configure; the responsible person confirms), read requests (owners ask,
 * the members asked confirm).
 */
const read = byLevel({ read: 200, write: 200, manage: 200 });

/** A page whose responsible person is the caller (or the editor for anonymous callers). */
async function reviewedPage(ctx: MatrixContext): Promise<string> {
  const pageId = await ctx.page();
  await ctx.db
    .insertInto('page_reviews')
    .values({ page_id: pageId, responsible_id: ctx.caller?.id ?? ctx.users.editor.id, interval_days: 30 })
    .execute();
  return pageId;
}

/** A page the owner asked the members (reader, editor) to confirm. */
async function requestedPage(ctx: MatrixContext): Promise<string> {
  const pageId = await ctx.page();
  await createReadRequest(ctx.db, pageId, '', { actorId: ctx.users.owner.id, ip: null });
  return pageId;
}

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/knowledge-risk', request: (ctx) => ({ url: `/api/v1/knowledge-risk?spaceId=${ctx.spaceId}` }), expect: read },
  { method: 'GET', route: '/api/v1/knowledge-risk/export.csv', request: (ctx) => ({ url: `/api/v1/knowledge-risk/export.csv?spaceId=${ctx.spaceId}` }), expect: read },
  { method: 'GET', route: '/api/v1/pages/:id/review', request: async (ctx) => ({ url: `/api/v1/pages/${await reviewedPage(ctx)}/review` }), expect: read },
  {
    method: 'PATCH',
    route: '/api/v1/pages/:id/review',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/review`, body: { responsibleId: ctx.users.editor.id, intervalDays: 90 } }),
    expect: { ...byLevel({ read: 403, write: 403, manage: 200 }), knowledgeManager: 200 },
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/review/confirm',
    request: async (ctx) => ({ url: `/api/v1/pages/${await reviewedPage(ctx)}/review/confirm` }),
    expect: read,
  },
  { method: 'GET', route: '/api/v1/reviews/due', request: () => ({ url: '/api/v1/reviews/due' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/reviews/gaps', request: () => ({ url: '/api/v1/reviews/gaps' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/read-requests',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/read-requests`, body: { note: 'Geändertes Verfahren' } }),
    expect: byLevel({ read: 403, write: 403, manage: 201 }),
  },
  {
    method: 'POST',
    route: '/api/v1/pages/:id/read-confirmations',
    request: async (ctx) => ({ url: `/api/v1/pages/${await requestedPage(ctx)}/read-confirmations` }),
    // Only those asked confirm: the requesting owner, and admins and knowledge managers who are not members, were not.
    expect: { ...byLevel({ read: 200, write: 200, manage: 409 }), knowledgeManager: 409 },
  },
  { method: 'GET', route: '/api/v1/pages/:id/read-confirmations', request: async (ctx) => ({ url: `/api/v1/pages/${await requestedPage(ctx)}/read-confirmations` }), expect: read },
];
