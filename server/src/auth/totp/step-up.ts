import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem, tooManyRequests } from '../../http/problem.ts';
import { currentUser } from '../auth.ts';
import type { LoginLimits } from '../login-limiter.ts';
import { checkSecondFactor, hasSecondFactor, markSecondFactor, secondFactorIsRecent } from './totp-service.ts';

export const secondFactorRequired = (detail: string, extra?: Record<string, unknown>) =>
  new Problem(403, 'second-factor-required', 'Second factor required', detail, extra);
export const invalidSecondFactor = (status: 400 | 401 = 400) =>
  new Problem(status, 'invalid-second-factor', 'Wrong code', 'The code is not correct, expired or was already used.');

/**
 * Sensitive changes (password, new API tokens) of an account with two-factor sign-in: they pass
 * when this session proved the second factor within the last minutes, else only with a current
 * code, which then counts as such a proof. Wrong codes count against the sign-in limiter.
 */
export async function requireRecentSecondFactor(app: FastifyInstance, request: FastifyRequest, limiter: LoginLimits, code: string | undefined): Promise<void> {
  const user = currentUser(request);
  if (!(await hasSecondFactor(app.db, user.id))) return;
  const sessionId = request.auth?.sessionId ?? null;
  if (code === undefined) {
    if (await secondFactorIsRecent(app.db, sessionId)) return;
    throw secondFactorRequired('Confirm this change with a code from your authenticator app (totpCode).', { secondFactor: 'totp' });
  }
  const wait = await limiter.retryAfter(user.email, request.ip);
  if (wait > 0) throw tooManyRequests(wait);
  if (!(await checkSecondFactor(app.db, user.id, { code }, app.config.secretKey))) {
    await limiter.recordFailure(user.email, request.ip);
    throw invalidSecondFactor();
  }
  if (sessionId) await markSecondFactor(app.db, sessionId);
}

/** `POST /auth/login` of an account with a second factor: no session, the challenge for the second step. */
export const secondFactorChallenge = (challenge: { challenge: string; expiresAt: Date }) =>
  new Problem(401, 'second-factor-required', 'Second factor required', 'Enter a code from your authenticator app (POST /api/v1/auth/login/totp).', {
    secondFactor: 'totp',
    challenge: challenge.challenge,
    expiresAt: challenge.expiresAt.toISOString(),
  });
