import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../http/problem.ts';

export type Role = 'admin' | 'knowledge_manager' | 'user';

/** The signed-in user as the rest of the server sees it. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  locale: 'de' | 'en';
  /**
   * Set when the caller is an API token limited to chosen spaces: it sees and does only what
   * the user may in these spaces, and nothing instance-wide (policy/pages.ts, policy/instance.ts).
   */
  spaceIds?: readonly string[];
}

export interface Auth {
  user: AuthUser;
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
  tokenId: string | null;
  /** A read-only API token: it may read what its user may read and change nothing. */
  readOnly: boolean;
}

/** The signed-in user of a route that is not public (the auth hook already refused anonymous requests). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw unauthorized();
  return request.auth.user;
}
