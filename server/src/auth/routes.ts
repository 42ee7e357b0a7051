import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiTokenListSchema,
  ChangePasswordBody,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
  IdParams,
  LoginBody,
  LogoutEverywhereBody,
  NoBody,
  SessionProbeSchema,
  SessionSchema,
  UpdateMeBody,
  UserSchema,
} from '@stafette/api';
import { invalidCredentials, notFound, Problem, tooManyRequests, unauthorized, validationFailed } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { userJson, userSelect } from '../users/user-json.ts';
import { checkPassword, normaliseEmail } from '../users/users-service.ts';
import { currentUser } from './auth.ts';
import { createApiToken, listApiTokens, revokeAllApiTokens, revokeApiToken } from './api-tokens.ts';
import { LoginLimiter } from './login-limiter.ts';
import { clearSessionCookie, SESSION_COOKIE, sessionPolicyOf, setSessionCookie } from './plugin.ts';
import { hashPassword, tokenHash, verifyPassword } from './secrets.ts';
import { createSession, endAllSessions, endOtherSessions, endSession } from './sessions.ts';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncTypebox<{ limiter?: LoginLimiter }> = async (app, options) => {
  const limiter = options.limiter ?? new LoginLimiter();

  async function loadUser(id: string) {
    const row = await app.db.selectFrom('users').select(userSelect).where('id', '=', id).executeTakeFirst();
    if (!row) throw unauthorized();
    return userJson(row);
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
      const wait = limiter.retryAfter(email, request.ip);
      if (wait > 0) throw tooManyRequests(wait);
      const row = await app.db
        .selectFrom('users')
        .select([...userSelect, 'password_hash'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email)))
        .executeTakeFirst();
      const ok = await verifyPassword(row?.password_hash ?? null, password);
      if (!row || !ok || !row.active) {
        limiter.recordFailure(email, request.ip);
        throw invalidCredentials();
      }
      // The session id rotates at login: an earlier (possibly planted) session is ended.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(app.db, tokenHash(previous));
      const session = await createSession(app.db, row.id, sessionPolicyOf(app), {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      await recordAudit(app.db, { actorId: row.id, ip: request.ip, action: 'auth.login', targetType: 'user', targetId: row.id });
      setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
      return { user: userJson(row), csrfToken: session.csrfToken };
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
      return { user: await loadUser(request.auth.user.id), csrfToken: request.auth.csrfToken ?? '' };
    },
  );

  app.get('/auth/me', { config: { access: 'signed-in' }, schema: { tags, summary: 'The signed-in user', response: { 200: SessionSchema } } }, async (request) => ({
    user: await loadUser(currentUser(request).id),
    csrfToken: request.auth?.csrfToken ?? '',
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
      const user = currentUser(request);
      const { displayName, locale } = request.body;
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ ...(displayName ? { display_name: displayName.trim() } : {}), ...(locale ? { locale } : {}), updated_at: new Date() })
          .where('id', '=', user.id)
          .execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'user.update_profile',
          targetType: 'user',
          targetId: user.id,
          detail: { fields: Object.keys(request.body) },
        });
      });
      return loadUser(user.id);
    },
  );

  app.post('/auth/logout', { config: { access: 'signed-in' }, schema: { tags, summary: 'End this session', body: NoBody } }, async (request, reply) => {
    if (request.auth?.sessionId) await endSession(app.db, request.auth.sessionId);
    clearSessionCookie(request, reply);
    return reply.status(204).send();
  });

  app.post(
    '/auth/logout-everywhere',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'End every session of the signed-in user and, unless revokeTokens is false, every API token',
        body: LogoutEverywhereBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      // A body-less POST (older callers) revokes the tokens too.
      const revokeTokens = request.body?.revokeTokens !== false;
      await app.db.transaction().execute(async (trx) => {
        await endAllSessions(trx, user.id);
        const tokensRevoked = revokeTokens ? await revokeAllApiTokens(trx, user.id) : 0;
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'auth.logout_everywhere',
          targetType: 'user',
          targetId: user.id,
          detail: { tokensRevoked },
        });
      });
      clearSessionCookie(request, reply);
      return reply.status(204).send();
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
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const row = await app.db.selectFrom('users').select(['email', 'password_hash']).where('id', '=', user.id).executeTakeFirstOrThrow();
      // The current password is a guessable secret like the sign-in: one budget for both.
      const wait = limiter.retryAfter(row.email, request.ip);
      if (wait > 0) throw tooManyRequests(wait);
      if (!(await verifyPassword(row.password_hash, request.body.currentPassword))) {
        limiter.recordFailure(row.email, request.ip);
        throw new Problem(400, 'wrong-password', 'Wrong password', 'The current password is not correct.');
      }
      checkPassword(request.body.newPassword);
      const passwordHash = await hashPassword(request.body.newPassword);
      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', user.id).execute();
        await endOtherSessions(trx, user.id, request.auth?.sessionId ?? null);
        const tokensRevoked = request.body.revokeTokens === false ? 0 : await revokeAllApiTokens(trx, user.id);
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'auth.change_password',
          targetType: 'user',
          targetId: user.id,
          detail: { tokensRevoked },
        });
      });
      return reply.status(204).send();
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
      const user = currentUser(request);
      // A leaked token must not be able to outlive its own revocation by minting successors.
      if (request.auth?.via !== 'session') {
        throw new Problem(403, 'session-required', 'Sign in with a session', 'API tokens are created from a signed-in session, not with another token.');
      }
      const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) throw validationFailed('expiresAt must lie in the future.');
      const created = await app.db.transaction().execute(async (trx) => {
        const token = await createApiToken(trx, user.id, request.body.name, expiresAt);
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'token.create',
          targetType: 'api_token',
          targetId: token.id,
          detail: { name: token.name },
        });
        return token;
      });
      return reply.status(201).send(created);
    },
  );

  app.get('/auth/tokens', { config: { access: 'signed-in' }, schema: { tags, summary: 'List own API tokens', response: { 200: ApiTokenListSchema } } }, async (request) =>
    listApiTokens(app.db, currentUser(request).id),
  );

  app.delete('/auth/tokens/:id', { config: { access: 'signed-in' }, schema: { tags, summary: 'Revoke an API token', params: IdParams } }, async (request, reply) => {
    const user = currentUser(request);
    const revoked = await app.db.transaction().execute(async (trx) => {
      const done = await revokeApiToken(trx, user.id, request.params.id);
      if (done) await recordAudit(trx, { actorId: user.id, ip: request.ip, action: 'token.revoke', targetType: 'api_token', targetId: request.params.id });
      return done;
    });
    if (!revoked) throw notFound('token');
    return reply.status(204).send();
  });
};
