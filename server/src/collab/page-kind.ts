import type { FastifyInstance } from 'fastify';
import { PageSocketParams, SocketQuery } from '@stafette/api';
import type { AuthUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { canEditContent, pageAccess } from '../policy/pages.ts';
import { auditClassifiedRead } from '../classification/gates.ts';
import { socketCaller } from './access.ts';
import type { DocumentKind, DocumentPermission } from './document-kind.ts';
import { pageUpdatesStore } from './document-store.ts';

/** The XmlFragment holding a page body (y-prosemirror's default name). */
const PAGE_BODY = 'prosemirror';

/**
 * Page bodies: `/collab/:pageId`, opened with the session cookie, a Bearer token or a
 * collaboration token for the page (`?token=`); read-only for readers and for archived pages or
 * spaces; stored in `page_updates`. Served as `app.collab`.
 */
export const pageKind: DocumentKind = {
  name: 'page',
  decorator: 'collab',
  path: '/collab/:pageId',
  idParam: 'pageId',
  summary: 'Collaboration socket of a page (y-websocket protocol)',
  params: PageSocketParams,
  querystring: SocketQuery,
  async authorise(app, request, pageId) {
    const caller = await socketCaller(app, request, pageId);
    const permission = await pagePermission(app, caller.user, pageId);
    if (!permission) throw notFound('page');
    // Opening the live document reads it: recorded for strictly confidential pages.
    await auditClassifiedRead(app.db, { actorId: caller.user.id, ip: request.ip }, pageId, 'live');
    return { ...caller, ...permission };
  },
  permission: pagePermission,
  exists: async (app, pageId) => (await app.db.selectFrom('pages').select('id').where('id', '=', pageId).executeTakeFirst()) !== undefined,
  allowsRoot: (root) => root === PAGE_BODY,
  store: pageUpdatesStore,
};

/** The page permission (server/src/policy/pages.ts): none or no such page is null. */
async function pagePermission(app: FastifyInstance, user: AuthUser, pageId: string): Promise<DocumentPermission | null> {
  const access = await pageAccess(app.db, user, pageId);
  if (access.level === 'none' || !access.page) return null;
  return { spaceId: access.page.spaceId, readOnly: !canEditContent(access.level, access.page.archived) };
}
