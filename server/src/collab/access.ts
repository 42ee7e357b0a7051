import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth.ts';
import { forbidden, notFound, unauthorized } from '../http/problem.ts';
import { canEditContent, pageAccess } from '../policy/pages.ts';
import { resolveCollabToken } from './collab-tokens.ts';
import { allowedOrigins, originAllowed } from './origin.ts';

/** What an authorised upgrade may do. */
export interface Grant {
  user: AuthUser;
  pageId: string;
  /** Null for documents outside spaces (interviews). */
  spaceId: string | null;
  readOnly: boolean;
  /** `CollabServer.accessVersion` read before the permission was decided. */
  accessVersion: number;
}

/**
 * Decides before the upgrade: Origin, then the caller (collaboration token in `?token=`, else
 * the session cookie or Bearer token the auth plugin resolved), then the page permission.
 * Throws problems (403 foreign origin, 401 nobody, 404 no access) so no socket opens.
 */
export async function authoriseUpgrade(app: FastifyInstance, request: FastifyRequest, pageId: string): Promise<Grant> {
  // Read first: an access event from here on makes the socket check again before it joins.
  const accessVersion = app.collab.accessVersion;
  assertOriginAllowed(app, request);
  const token = (request.query as { token?: unknown }).token;
  let user: AuthUser | null;
  if (typeof token === 'string' && token !== '') {
    user = await resolveCollabToken(app.db, token, pageId);
    if (!user) throw unauthorized('The collaboration token is invalid or expired.');
  } else {
    user = request.auth?.user ?? null;
    if (!user) throw unauthorized();
  }
  const access = await pageAccess(app.db, user, pageId);
  if (access.level === 'none' || !access.page) throw notFound('page');
  return { user, pageId, spaceId: access.page.spaceId, readOnly: !canEditContent(access.level, access.page.archived), accessVersion };
}

/** Refuses (403) a browser Origin that is not one of the instance's own (see origin.ts); shared by every collaboration socket. */
export function assertOriginAllowed(app: FastifyInstance, request: FastifyRequest): void {
  if (!originAllowed(request.headers.origin, allowedOrigins(app.config), request.headers.host)) {
    throw forbidden('This origin may not open the collaboration socket.');
  }
}

/** Re-checks a connected user's permission: null when access is gone. */
export async function currentPermission(
  app: FastifyInstance,
  user: AuthUser,
  pageId: string,
): Promise<{ spaceId: string; readOnly: boolean } | null> {
  const access = await pageAccess(app.db, user, pageId);
  if (access.level === 'none' || !access.page) return null;
  return { spaceId: access.page.spaceId, readOnly: !canEditContent(access.level, access.page.archived) };
}
