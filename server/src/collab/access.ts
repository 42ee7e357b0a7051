import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, Problem, unauthorized } from '../http/problem.ts';
import { tokenHash } from '../auth/secrets.ts';
import { resolveCollabToken } from './collab-tokens.ts';
import { credentialOf } from './credentials.ts';
import type { SocketCaller } from './document-kind.ts';
import { allowedOrigins, originAllowed } from './origin.ts';

/**
 * Who opens a socket: with `collabTokenFor`, a collaboration token for that document in
 * `?token=` when one is given; else the session cookie or Bearer token the auth plugin resolved.
 * Throws 401 for nobody (or an invalid token), so no socket opens.
 */
export async function socketCaller(app: FastifyInstance, request: FastifyRequest, collabTokenFor?: string): Promise<SocketCaller> {
  const token = (request.query as { token?: unknown } | undefined)?.token;
  if (collabTokenFor !== undefined && typeof token === 'string' && token !== '') {
    const user = await resolveCollabToken(app.db, token, collabTokenFor);
    if (!user) throw unauthorized('The collaboration token is invalid or expired.');
    return { user, credential: { kind: 'collab-token', hash: tokenHash(token) } };
  }
  if (!request.auth) throw unauthorized();
  // A socket can edit; a read-only API token changes nothing, so it opens none.
  if (request.auth.readOnly) throw new Problem(403, 'token-read-only', 'Read-only token', 'A read-only API token cannot open a collaboration socket.');
  return { user: request.auth.user, credential: credentialOf(request.auth) };
}

/** Refuses (403) a browser Origin that is not one of the instance's own (see origin.ts); checked for every document kind. */
export function assertOriginAllowed(app: FastifyInstance, request: FastifyRequest): void {
  if (!originAllowed(request.headers.origin, allowedOrigins(app.config), request.headers.host)) {
    throw forbidden('This origin may not open the collaboration socket.');
  }
}
