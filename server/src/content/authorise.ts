import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuthUser, currentUser } from '../auth/auth.ts';
import { conflict, forbidden, notFound } from '../http/problem.ts';
import { type AccessLevel, pageAccess } from '../policy/pages.ts';
import { type ContentAction, canOnContent } from '../policy/content.ts';

export interface ContentGrant {
  user: AuthUser;
  level: AccessLevel;
  page: { id: string; spaceId: string; archived: boolean };
}

/**
 * The caller's access to a page's content: 404 when they may not see the page, 409 when it is
 * archived and they could otherwise do this, 403 when their role does not allow it.
 */
export async function authoriseContent(app: FastifyInstance, request: FastifyRequest, pageId: string, action: ContentAction): Promise<ContentGrant> {
  const user = currentUser(request);
  const access = await pageAccess(app.db, user, pageId);
  if (!access.page) throw notFound('page');
  if (!canOnContent(access.level, access.page.archived, action)) {
    if (access.page.archived && canOnContent(access.level, false, action)) {
      throw conflict('The page or its space is archived; restore it first.', 'page-archived');
    }
    throw forbidden('Your role in this space does not allow this.');
  }
  return { user, level: access.level, page: access.page };
}
