import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConfirmTotpBody,
  DisableTotpBody,
  IdParams,
  LoginTotpBody,
  NoBody,
  NoContent,
  RecoveryCodesSchema,
  RenewRecoveryCodesBody,
  SecuritySettingsBody,
  SecuritySettingsSchema,
  SessionSchema,
  TotpEnrolmentSchema,
  TotpStatusSchema,
} from '@stafette/api';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../audit/actor.ts';
import { recordAudit } from '../../audit/record.ts';
import { conflict, notFound, Problem, tooManyRequests } from '../../http/problem.ts';
import { currentUser } from '../auth.ts';
import { credentialsOf } from '../auth-queries.ts';
import { signIn } from '../auth-service.ts';
import type { LoginLimits } from '../login-limiter.ts';
import { SESSION_COOKIE, sessionPolicyOf, setSessionCookie } from '../plugin.ts';
import { tokenHash, verifyPassword } from '../secrets.ts';
import { challengeFailed, consumeChallenge, openChallenge } from './login-challenges.ts';
import { enrolmentFlag, secondFactorRequiredFor, securitySettings, updateSecuritySettings } from './security-settings.ts';
import { invalidSecondFactor } from './step-up.ts';
import { checkSecondFactor, confirmEnrolment, hasLocalPassword, removeSecondFactor, renewRecoveryCodes, startEnrolment, totpState } from './totp-service.ts';

const tags = ['auth'];

const challengeInvalid = () =>
  new Problem(401, 'login-challenge-invalid', 'Sign in again', 'The sign-in step expired, was used or had too many wrong codes: enter the password again.');

/** Managing one's second factor needs a signed-in browser: a token must not enrol, renew or remove it. */
function requireSession(request: FastifyRequest): void {
  if (request.auth?.via !== 'session') {
    throw new Problem(403, 'session-required', 'Sign in with a session', 'Two-factor sign-in is managed from a signed-in session, not with an API token.');
  }
}

/**
 * Two-factor sign-in (TOTP): the second sign-in step, enrolment and its confirmation, recovery
 * codes, switching it off, an admin's reset of someone's lost device, and the instance setting.
 */
export const totpRoutes: FastifyPluginAsyncTypebox<{ limiter: LoginLimits }> = async (app, { limiter }) => {
  const key = () => app.config.secretKey;

  /** Wrong codes count like wrong passwords: one budget per account and address. */
  async function checkBudget(email: string, ip: string) {
    const wait = await limiter.retryAfter(email, ip);
    if (wait > 0) throw tooManyRequests(wait);
  }

  app.post(
    '/auth/login/totp',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Second sign-in step: the challenge from POST /auth/login with a code or a recovery code; sets the session cookie',
        body: LoginTotpBody,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const open = await openChallenge(app.db, body.challenge);
      if (!open) throw challengeInvalid();
      const { user } = await credentialsOf(app.db, open.userId);
      await checkBudget(user.email, request.ip);
      const proof = 'code' in body ? { code: body.code } : { recoveryCode: body.recoveryCode };
      const passed = user.active ? await checkSecondFactor(app.db, user.id, proof, key()) : null;
      if (!passed) {
        await limiter.recordFailure(user.email, request.ip);
        await challengeFailed(app.db, open.id);
        await recordAudit(app.db, { actorId: user.id, ip: request.ip, action: 'auth.second_factor_failed', targetType: 'user', targetId: user.id });
        throw invalidSecondFactor(401);
      }
      if (!(await consumeChallenge(app.db, open.id))) throw challengeInvalid();
      const previous = request.cookies[SESSION_COOKIE];
      const session = await signIn(
        app.db,
        { actorId: user.id, ip: request.ip },
        { policy: sessionPolicyOf(app), userAgent: request.headers['user-agent'] ?? null, replaces: previous ? tokenHash(previous) : null, secondFactor: passed },
      );
      setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
      return { user, csrfToken: session.csrfToken, ...(await enrolmentFlag(app.db, user)) };
    },
  );

  app.get(
    '/auth/totp',
    { config: { access: 'signed-in', duringEnrolment: true }, schema: { tags, summary: 'Own two-factor sign-in: on, pending, recovery codes left, required', response: { 200: TotpStatusSchema } } },
    async (request) => {
      const user = currentUser(request);
      return { ...(await totpState(app.db, user.id)), required: await secondFactorRequiredFor(app.db, user), available: await hasLocalPassword(app.db, user.id) };
    },
  );

  app.post(
    '/auth/totp/enrolment',
    {
      config: { access: 'signed-in', duringEnrolment: true },
      schema: {
        tags,
        summary: 'Start enrolment: a new secret (in this answer only) and its otpauth URI for the QR code; confirm with a first code',
        body: NoBody,
        response: { 200: TotpEnrolmentSchema },
      },
    },
    async (request) => {
      requireSession(request);
      return startEnrolment(app.db, actorOf(request), currentUser(request).email, key());
    },
  );

  app.post(
    '/auth/totp/confirm',
    {
      config: { access: 'signed-in', duringEnrolment: true },
      schema: {
        tags,
        summary: 'Confirm enrolment with a first valid code; answers the ten recovery codes, shown this once; other sessions of the account end',
        body: ConfirmTotpBody,
        response: { 200: RecoveryCodesSchema },
      },
    },
    async (request) => {
      requireSession(request);
      const user = currentUser(request);
      await checkBudget(user.email, request.ip);
      const codes = await confirmEnrolment(app.db, actorOf(request), request.body.code, key(), request.auth?.sessionId ?? null);
      if (!codes) {
        await limiter.recordFailure(user.email, request.ip);
        throw invalidSecondFactor();
      }
      app.events.emit('credentials.revoked', user.id, false);
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/auth/totp/recovery-codes',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Ten new recovery codes in place of the old ones (needs a current code); shown this once', body: RenewRecoveryCodesBody, response: { 200: RecoveryCodesSchema } },
    },
    async (request) => {
      requireSession(request);
      const user = currentUser(request);
      if (!(await totpState(app.db, user.id)).enabled) throw conflict('Two-factor sign-in is off.', 'totp-not-enabled');
      await checkBudget(user.email, request.ip);
      if (!(await checkSecondFactor(app.db, user.id, { code: request.body.code }, key()))) {
        await limiter.recordFailure(user.email, request.ip);
        throw invalidSecondFactor();
      }
      return { recoveryCodes: await renewRecoveryCodes(app.db, actorOf(request)) };
    },
  );

  app.post(
    '/auth/totp/disable',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Switch two-factor sign-in off (password and a code or a recovery code); refused while the instance requires it of this account',
        body: DisableTotpBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      requireSession(request);
      const actor = actorOf(request);
      const { user, passwordHash } = await credentialsOf(app.db, actor.actorId);
      if (!(await totpState(app.db, user.id)).enabled) throw conflict('Two-factor sign-in is off.', 'totp-not-enabled');
      if (await secondFactorRequiredFor(app.db, user)) {
        throw conflict('This instance requires two-factor sign-in of administrators and knowledge managers.', 'second-factor-mandatory');
      }
      await checkBudget(user.email, request.ip);
      const body = request.body;
      if (!(await verifyPassword(passwordHash, body.password))) {
        await limiter.recordFailure(user.email, request.ip);
        throw new Problem(400, 'wrong-password', 'Wrong password', 'The current password is not correct.');
      }
      const proof = 'code' in body ? { code: body.code } : { recoveryCode: body.recoveryCode };
      if (!(await checkSecondFactor(app.db, user.id, proof, key()))) {
        await limiter.recordFailure(user.email, request.ip);
        throw invalidSecondFactor();
      }
      await removeSecondFactor(app.db, actor, user.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/users/:id/totp',
    {
      config: { access: { resource: 'instance', action: 'users.update' } },
      schema: {
        tags: ['users'],
        summary: 'Reset an account’s two-factor sign-in (lost device and recovery codes); its sessions end',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!(await removeSecondFactor(app.db, actor, request.params.id))) throw notFound('second factor');
      app.events.emit('credentials.revoked', request.params.id, false);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/security',
    { config: { access: { resource: 'instance', action: 'security.manage' } }, schema: { tags: ['admin'], summary: 'The instance’s sign-in rules', response: { 200: SecuritySettingsSchema } } },
    async () => securitySettings(app.db),
  );

  app.put(
    '/admin/security',
    {
      config: { access: { resource: 'instance', action: 'security.manage' } },
      schema: {
        tags: ['admin'],
        summary: 'Change the sign-in rules: requireSecondFactor sends admins and knowledge managers without a second factor to enrolment',
        body: SecuritySettingsBody,
        response: { 200: SecuritySettingsSchema },
      },
    },
    async (request) => updateSecuritySettings(app.db, actorOf(request), request.body),
  );
};
