import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiTokenListSchema,
  ChangePasswordBody,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
  IdParams,
  LoginBody,
  LogoutEverywhereBody,
  LogoutResultSchema,
  NoBody,
  NoContent,
  SessionIdParams,
  SessionListSchema,
  SessionProbeSchema,
  SessionSchema,
  UpdateMeBody,
  UserSchema,
} from '@stafette/api';
import { invalidCredentials, notFound, Problem, tooManyRequests, unauthorized, validationFailed } from '../http/problem.ts';
import { actorOf } from '../audit/actor.ts';
import { findUser } from '../users/users-queries.ts';
import { currentUser } from './auth.ts';
import { credentialsOf } from './auth-queries.ts';
import { changePassword, endListedSession, issueApiToken, signIn, signOutEverywhere, updateProfile, withdrawApiToken } from './auth-service.ts';
import { listApiTokens } from './api-tokens.ts';
import { checkLocalCredentials } from './local-login.ts';
import { providerSignOutUrl } from './oidc/sign-out.ts';
import { directorySignIn } from '../directory/ldap-login.ts';
import { LoginLimiter, type LoginLimits } from './login-limiter.ts';
import { clearSessionCookie, SESSION_COOKIE, sessionPolicyOf, setSessionCookie } from './plugin.ts';
import { tokenHash, verifyPassword } from './secrets.ts';
import { endSession, listSessions, publicSessionId } from './sessions.ts';
import { issueChallenge } from './totp/login-challenges.ts';
import { enrolmentFlag } from './totp/security-settings.ts';
import { requireRecentSecondFactor, secondFactorChallenge } from './totp/step-up.ts';
import { hasSecondFactor } from './totp/totp-service.ts';
import { spaceAccess } from '../policy/pages.ts';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ limiter?: LoginLimits }> = async (app, options) => {
  const limiter: LoginLimits = options.limiter ?? new LoginLimiter();

  async function loadUser(id: string) {
    const user = await findUser(app.db, id, { includeInactive: true });
    if (!user) throw unauthorized();
    return user;
  }

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginBody,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const wait = await limiter.retryAfter(email, request.ip);
      if (wait > 0) throw tooManyRequests(wait);
      // Local password first (the first admin signs in even while the directory is down), then the directory.
      const user = (await checkLocalCredentials(app, email, password)) ?? (await directorySignIn(app, email, password, request.ip));
      if (!user) {
        await limiter.recordFailure(email, request.ip);
        throw invalidCredentials();
      }
      // Two-factor sign-in: no session yet; the 401 carries the challenge for POST /auth/login/totp.
      if (await hasSecondFactor(app.db, user.id)) throw secondFactorChallenge(await issueChallenge(app.db, user.id));
      const previous = request.cookies[SESSION_COOKIE];
      const session = await signIn(
        app.db,
        { actorId: user.id, ip: request.ip },
        { policy: sessionPolicyOf(app), userAgent: request.headers['user-agent'] ?? null, replaces: previous ? tokenHash(previous) : null },
      );
      setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
      return { user, csrfToken: session.csrfToken, ...(await enrolmentFlag(app.db, user)) };
    },
  );

  app.get(
    '/auth/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Boot probe: the signed-in user, or null (never 401)',
        response: { 200: SessionProbeSchema },
      },
    },
    async (request) => {
      if (!request.auth) return { user: null };
      return { user: await loadUser(request.auth.user.id), csrfToken: request.auth.csrfToken ?? '', ...(await enrolmentFlag(app.db, request.auth.user)) };
    },
  );

  app.get('/auth/me', { config: { access: 'signed-in', duringEnrolment: true }, schema: { tags, summary: 'The signed-in user', response: { 200: SessionSchema } } }, async (request) => ({
    user: await loadUser(currentUser(request).id),
    csrfToken: request.auth?.csrfToken ?? '',
    ...(await enrolmentFlag(app.db, currentUser(request))),
  }));

  app.patch(
    '/auth/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Change own display name or language',
        body: UpdateMeBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateProfile(app.db, actor, request.body);
      return loadUser(actor.actorId);
    },
  );

  app.post('/auth/logout', { config: { access: 'signed-in', duringEnrolment: true }, schema: { tags, summary: 'End this session; for a session from the OpenID Connect provider 200 with the URL that ends the provider session too', body: NoBody, response: { 200: LogoutResultSchema, 204: NoContent } } }, async (request, reply) => {
    let endSessionUrl: string | null = null;
    if (request.auth?.sessionId) {
      endSessionUrl = await providerSignOutUrl(app, request.auth.sessionId);
      await endSession(app.db, request.auth.sessionId);
      // Collaboration sockets opened with this session close too.
      app.events.emit('credentials.revoked', request.auth.user.id, false);
    }
    clearSessionCookie(request, reply);
    // The browser goes on to the provider, which ends its session and returns to our start page.
    if (endSessionUrl) return reply.status(200).send({ endSessionUrl });
    return reply.status(204).send(null);
  });

  app.get(
    '/auth/sessions',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'List own sessions (browser, IP, last use); the calling one is marked current', response: { 200: SessionListSchema } } },
    async (request) => {
      const current = request.auth?.sessionId ?? null;
      const sessions = await listSessions(app.db, currentUser(request).id, sessionPolicyOf(app));
      return sessions.map((s) => ({
        id: s.publicId,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastSeenAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === current,
      }));
    },
  );

  app.delete(
    '/auth/sessions/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'End one of the own sessions (another user\'s answers 404)', params: SessionIdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!(await endListedSession(app.db, actor, request.params.id))) throw notFound('session');
      // Collaboration sockets opened with that session close too, as at logout.
      app.events.emit('credentials.revoked', actor.actorId, false);
      if (request.auth?.sessionId && publicSessionId(request.auth.sessionId) === request.params.id) clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/logout-everywhere',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'End every session of the signed-in user and, unless revokeTokens is false, every API token',
        body: LogoutEverywhereBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      // A body-less POST (older callers) revokes the tokens too.
      await signOutEverywhere(app.db, actorOf(request), request.body?.revokeTokens !== false);
      app.events.emit('credentials.revoked', currentUser(request).id, true);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Change own password; other sessions end, and every API token unless revokeTokens is false',
        body: ChangePasswordBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { user, passwordHash } = await credentialsOf(app.db, actor.actorId);
      // The current password is a guessable secret like the sign-in: one budget for both.
      const wait = await limiter.retryAfter(user.email, request.ip);
      if (wait > 0) throw tooManyRequests(wait);
      if (!(await verifyPassword(passwordHash, request.body.currentPassword))) {
        await limiter.recordFailure(user.email, request.ip);
        throw new Problem(400, 'wrong-password', 'Wrong password', 'The current password is not correct.');
      }
      await requireRecentSecondFactor(app, request, limiter, request.body.totpCode);
      await changePassword(app.db, actor, {
        newPassword: request.body.newPassword,
        keepSession: request.auth?.sessionId ?? null,
        revokeTokens: request.body.revokeTokens !== false,
      });
      app.events.emit('credentials.revoked', actor.actorId, true);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/tokens',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Create a personal API token (shown once; use as Authorization: Bearer); needs a session, not a token',
        body: CreateApiTokenBody,
        response: { 201: CreatedApiTokenSchema },
      },
    },
    async (request, reply) => {
      // A leaked token must not be able to outlive its own revocation by minting successors.
      if (request.auth?.via !== 'session') {
        throw new Problem(403, 'session-required', 'Sign in with a session', 'API tokens are created from a signed-in session, not with another token.');
      }
      await requireRecentSecondFactor(app, request, limiter, request.body.totpCode);
      const spaceIds = request.body.spaceIds ?? null;
      for (const spaceId of spaceIds ?? []) {
        // A token reaches no more than its user: only spaces the user reads now.
        if ((await spaceAccess(app.db, currentUser(request), spaceId)) === 'none') throw validationFailed(`spaceIds: no space ${spaceId} you can read.`);
      }
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      return reply.status(201).send(await issueApiToken(app.db, actorOf(request), request.body.name, expiresAt, request.body.readOnly === true, spaceIds));
    },
  );

  app.get('/auth/tokens', { config: { access: 'signed-in' }, schema: { tags, summary: 'List own API tokens', response: { 200: ApiTokenListSchema } } }, async (request) =>
    listApiTokens(app.db, currentUser(request).id),
  );

  app.delete('/auth/tokens/:id', { config: { access: 'signed-in' }, schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
    const actor = actorOf(request);
    if (!(await withdrawApiToken(app.db, actor, request.params.id))) throw notFound('token');
    app.events.emit('credentials.revoked', actor.actorId, false);
    return reply.status(204).send(null);
  });
};
