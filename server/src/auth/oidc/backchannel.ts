import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { recordAudit } from '../../audit/record.ts';
import { Problem, unavailable } from '../../http/problem.ts';
import type { OidcProvider } from './provider-client.ts';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token older than this is refused even when it has not expired (replay window for jti). */
const MAX_TOKEN_AGE_SECONDS = 10 * 60;

export const logoutTokenInvalid = (detail: string) =>
  // `error` as Back-Channel Logout 1.0 §2.8 names it, beside the problem fields.
  new Problem(400, 'logout-token-invalid', 'Logout token not valid', detail, { error: 'invalid_request' });

export interface LogoutClaims {
  issuer: string;
  subject: string | null;
  sid: string | null;
  jti: string;
  expiresAt: Date;
}

/**
 * Verifies a logout token (OpenID Connect Back-Channel Logout 1.0 §2.6): signed by the provider
 * with one of its keys and an asymmetric algorithm, our client as audience, issued recently, the
 * back-channel logout event, `sub` and/or `sid`, and no `nonce` (which would make it an ID token).
 */
export async function verifyLogoutToken(provider: OidcProvider, token: string): Promise<LogoutClaims> {
  const { config, keys } = await provider.discover().catch(() => {
    throw unavailable('The OpenID Connect provider cannot be reached to verify the logout token.');
  });
  const metadata = config.serverMetadata();
  const algorithms = (metadata.id_token_signing_alg_values_supported ?? ['RS256']).filter((alg) => alg !== 'none' && !alg.startsWith('HS'));
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: metadata.issuer,
      audience: provider.options.clientId,
      algorithms,
      clockTolerance: provider.options.clockSkewSeconds,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['iss', 'aud', 'iat', 'exp', 'jti', 'events'],
    }));
  } catch (error) {
    throw logoutTokenInvalid(`The logout token did not verify: ${(error as Error).message}`);
  }
  const events = payload.events;
  if (typeof events !== 'object' || events === null || typeof (events as Record<string, unknown>)[LOGOUT_EVENT] !== 'object') {
    throw logoutTokenInvalid('The logout token carries no back-channel logout event.');
  }
  if (payload.nonce !== undefined) throw logoutTokenInvalid('A logout token must not carry a nonce.');
  const subject = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  const sid = typeof payload.sid === 'string' && payload.sid !== '' ? payload.sid : null;
  if (subject === null && sid === null) throw logoutTokenInvalid('A logout token names sub, sid or both.');
  if (typeof payload.jti !== 'string' || payload.jti === '') throw logoutTokenInvalid('The logout token has no jti.');
  return { issuer: metadata.issuer, subject, sid, jti: payload.jti, expiresAt: new Date((payload.exp as number) * 1000) };
}

/**
 * Ends the sessions the logout token names (by `sid`, else every session of `sub` from this
 * provider) and closes their sockets. A token is honoured once: its `jti` is kept until it
 * expires and a second delivery is refused. Returns how many sessions ended.
 */
export async function backchannelLogout(app: FastifyInstance, claims: LogoutClaims, ip: string): Promise<number> {
  const ended = await app.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('oidc_logout_tokens').where('expires_at', '<', new Date()).execute();
    const fresh = await trx
      .insertInto('oidc_logout_tokens')
      .values({ issuer: claims.issuer, jti: claims.jti, expires_at: new Date(Math.max(claims.expiresAt.getTime(), Date.now() + MAX_TOKEN_AGE_SECONDS * 1000)) })
      .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
      .returning('jti')
      .executeTakeFirst();
    if (!fresh) throw logoutTokenInvalid('This logout token was used already.');

    let query = trx
      .selectFrom('oidc_sessions')
      .innerJoin('sessions', 'sessions.id', 'oidc_sessions.session_id')
      .select(['sessions.id', 'sessions.user_id'])
      .where('oidc_sessions.issuer', '=', claims.issuer);
    if (claims.sid !== null) query = query.where('oidc_sessions.sid', '=', claims.sid);
    if (claims.subject !== null) query = query.where('oidc_sessions.subject', '=', claims.subject);
    const sessions = await query.execute();
    if (sessions.length > 0) await trx.deleteFrom('sessions').where('id', 'in', sessions.map((s) => s.id)).execute();
    const users = [...new Set(sessions.map((s) => s.user_id))];
    for (const userId of users) {
      await recordAudit(trx, {
        actorId: null,
        ip,
        action: 'auth.backchannel_logout',
        targetType: 'user',
        targetId: userId,
        detail: { sessions: sessions.filter((s) => s.user_id === userId).length, bySid: claims.sid !== null },
      });
    }
    return { count: sessions.length, users };
  });
  // Collaboration sockets opened with an ended session close.
  for (const userId of ended.users) app.events.emit('credentials.revoked', userId, false);
  return ended.count;
}
