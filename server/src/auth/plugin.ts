import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { csrfFailed, forbidden, Problem, unauthorized } from '../http/problem.ts';
import type { Auth } from './auth.ts';
import { resolveApiToken } from './api-tokens.ts';
import { resolveSession, type SessionPolicy } from './sessions.ts';
import { safeEqual } from './secrets.ts';
import { isPrivileged, mustEnrolSecondFactor } from './totp/security-settings.ts';

export const SESSION_COOKIE = 'stafette_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionPolicyOf(app: FastifyInstance): SessionPolicy {
  return { idleMinutes: app.config.sessionIdleMinutes, lifetimeHours: app.config.sessionLifetimeHours };
}

/** Who is asking: a Bearer token, else the session cookie. */
export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<Auth | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? resolveApiToken(app.db, match[1]!) : null;
  }
  const token = request.cookies[SESSION_COOKIE];
  return token ? resolveSession(app.db, token, sessionPolicyOf(app)) : null;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, lifetimeHours: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Secure follows the request's real scheme (the proxy's header only when trusted).
    secure: request.protocol === 'https',
    maxAge: lifetimeHours * 3600,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

/**
 * Marks every route registered in this (encapsulated) context as public: for plugins whose
 * routes we do not write ourselves, such as the static client files and the API description.
 */
export function registerAsPublic(instance: FastifyInstance): void {
  instance.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
}

/**
 * Decided from the route the router matched, never from the request's URL: the router decodes
 * `%XX` and the raw URL would let `/%61pi/v1/...` look like something else. Every matched route
 * needs a signed-in caller unless its registration says `public`; a request that matched no
 * route goes to the not-found handler, which answers the same to everyone.
 */
function isPublic(request: FastifyRequest): boolean {
  if (!request.routeOptions.url) return true;
  return request.routeOptions.config?.public === true;
}

const enrolmentRequired = () =>
  new Problem(403, 'second-factor-enrolment-required', 'Set up two-factor sign-in', 'This instance requires two-factor sign-in of your account: enrol an authenticator app first (POST /api/v1/auth/totp/enrolment).');

const tokenReadOnly = () =>
  new Problem(403, 'token-read-only', 'Read-only token', 'This API token may only read; it cannot change anything.');

/**
 * Every request is authenticated before validation; routes not marked `public` refuse anonymous
 * callers, and cookie-authenticated state changes must carry the session's CSRF token.
 */
export const authPlugin = fp(async function auth(app: FastifyInstance) {
  await app.register(cookie);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    request.auth = await authenticate(app, request);
    // The one place a read-only token's limit applies: before any route, public ones included.
    if (request.auth?.readOnly && !SAFE_METHODS.has(request.method)) throw tokenReadOnly();
    // A token limited to spaces acts only in them: it changes nothing of the account itself.
    if (request.auth?.user.spaceIds && !SAFE_METHODS.has(request.method) && request.routeOptions.url?.startsWith('/api/v1/auth/')) {
      throw forbidden('An API token limited to spaces cannot change the account (profile, password, sessions, tokens).');
    }
    if (isPublic(request)) return;
    if (!request.auth) throw unauthorized();
    if (request.auth.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.auth.csrfToken || !safeEqual(sent, request.auth.csrfToken)) throw csrfFailed();
    }
    // The instance requires a second factor of this account and it has none yet: enrolment first.
    const { user } = request.auth;
    if (!request.routeOptions.config?.duringEnrolment && isPrivileged(user.role) && (await mustEnrolSecondFactor(app.db, user))) throw enrolmentRequired();
  });
});
