import type { Kysely, Transaction } from 'kysely';
import type { UpdateMeInput, User } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { validationFailed } from '../http/problem.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { checkPassword } from '../users/users-service.ts';
import { credentialsByEmail } from './auth-queries.ts';
import { createApiToken, revokeAllApiTokens, revokeApiToken } from './api-tokens.ts';
import { hashPassword, verifyPassword } from './secrets.ts';
import { createSession, endAllSessions, endOtherSessions, endOwnSession, endSession, type SessionPolicy } from './sessions.ts';

/**
 * What people do with their own account: sign in, change their profile and password, sign out
 * everywhere, manage their API tokens. The actor is the account itself; each change is one
 * transaction with its audit entry.
 */

function audit(trx: Transaction<DB>, actor: UserActor, action: string, detail?: Record<string, unknown>) {
  return recordAudit(trx, { ...actor, action, targetType: 'user', targetId: actor.actorId, detail });
}

/**
 * The active account these credentials sign in to, or null: an unknown e-mail, a wrong password
 * and a deactivated account get the same answer (and the same time: an unknown e-mail is
 * checked against a dummy hash).
 */
export async function checkCredentials(db: Kysely<DB>, email: string, password: string): Promise<User | null> {
  const account = await credentialsByEmail(db, email);
  const ok = await verifyPassword(account?.passwordHash ?? null, password);
  return account && ok && account.user.active ? account.user : null;
}

export interface SignIn {
  policy: SessionPolicy;
  userAgent: string | null;
  /** The session the browser still carried: it ends, so the id rotates at login (a planted one is not kept). */
  replaces: string | null;
  /** The second factor that completed this sign-in (auth/totp): the session counts as freshly proven. */
  secondFactor?: 'totp' | 'recovery';
}

/** Starts a session for the actor; returns the cookie token and the CSRF token. */
export async function signIn(db: Kysely<DB>, actor: UserActor, options: SignIn): Promise<{ token: string; csrfToken: string }> {
  return db.transaction().execute(async (trx) => {
    if (options.replaces) await endSession(trx, options.replaces);
    const session = await createSession(trx, actor.actorId, options.policy, { ip: actor.ip, userAgent: options.userAgent });
    if (options.secondFactor) await trx.updateTable('sessions').set({ second_factor_at: new Date() }).where('id', '=', session.id).execute();
    await audit(trx, actor, 'auth.login', options.secondFactor ? { secondFactor: options.secondFactor } : undefined);
    return session;
  });
}

export async function updateProfile(db: Kysely<DB>, actor: UserActor, change: UpdateMeInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...(change.displayName ? { display_name: change.displayName.trim() } : {}), ...(change.locale ? { locale: change.locale } : {}), updated_at: new Date() })
      .where('id', '=', actor.actorId)
      .execute();
    await audit(trx, actor, 'user.update_profile', { fields: Object.keys(change) });
  });
}

/** Ends every session of the actor and, with `revokeTokens`, every API token. */
export async function signOutEverywhere(db: Kysely<DB>, actor: UserActor, revokeTokens: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endAllSessions(trx, actor.actorId);
    const tokensRevoked = revokeTokens ? await revokeAllApiTokens(trx, actor.actorId) : 0;
    await audit(trx, actor, 'auth.logout_everywhere', { tokensRevoked });
  });
}

export interface PasswordChange {
  newPassword: string;
  /** The caller's own session, which stays signed in; every other one ends. */
  keepSession: string | null;
  revokeTokens: boolean;
}

/** Sets a new password (the caller checked the current one) and ends other sessions and, with `revokeTokens`, API tokens. */
export async function changePassword(db: Kysely<DB>, actor: UserActor, change: PasswordChange): Promise<void> {
  checkPassword(change.newPassword);
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', actor.actorId).execute();
    await endOtherSessions(trx, actor.actorId, change.keepSession);
    const tokensRevoked = change.revokeTokens ? await revokeAllApiTokens(trx, actor.actorId) : 0;
    await audit(trx, actor, 'auth.change_password', { tokensRevoked });
  });
}

/**
 * A personal API token for the actor; `expiresAt` must lie in the future; `spaceIds` limits it to
 * those spaces (the caller checked the actor reads each). The secret is in this answer only.
 */
export async function issueApiToken(db: Kysely<DB>, actor: UserActor, name: string, expiresAt: Date | null, readOnly = false, spaceIds: readonly string[] | null = null) {
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw validationFailed('expiresAt must lie in the future.');
  return db.transaction().execute(async (trx) => {
    const token = await createApiToken(trx, actor.actorId, name, expiresAt, readOnly, spaceIds);
    const limits = { ...(readOnly ? { readOnly } : {}), ...(token.spaceIds ? { spaceIds: token.spaceIds } : {}) };
    await recordAudit(trx, { ...actor, action: 'token.create', targetType: 'api_token', targetId: token.id, detail: { name: token.name, ...limits } });
    return token;
  });
}

/** Revokes one live token of the actor; false when there is none with this id. */
export async function withdrawApiToken(db: Kysely<DB>, actor: UserActor, tokenId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await revokeApiToken(trx, actor.actorId, tokenId);
    if (done) await recordAudit(trx, { ...actor, action: 'token.revoke', targetType: 'api_token', targetId: tokenId });
    return done;
  });
}

/** Ends one of the actor's own sessions (by its listed id); false when the actor has no such session. */
export async function endListedSession(db: Kysely<DB>, actor: UserActor, publicId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await endOwnSession(trx, actor.actorId, publicId);
    if (done) await audit(trx, actor, 'auth.end_session');
    return done;
  });
}
