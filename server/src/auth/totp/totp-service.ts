import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, UserActor } from '../../audit/actor.ts';
import { recordAudit } from '../../audit/record.ts';
import { conflict } from '../../http/problem.ts';
import { hashPassword, verifyPassword } from '../secrets.ts';
import { endAllSessions, endOtherSessions } from '../sessions.ts';
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { codeStep, newTotpSecret, otpauthUri } from './totp-code.ts';

/**
 * The second factor of local accounts: enrolment (a secret, confirmed by a first valid code,
 * then ten recovery codes shown once and stored as argon2 hashes), checking a code or a
 * recovery code (each accepted once), and switching it off. Changes are audited in their
 * transaction.
 */

type Db = Kysely<DB> | Transaction<DB>;

function audit(trx: Db, actor: Actor, action: string, userId: string, detail?: Record<string, unknown>) {
  return recordAudit(trx, { ...actor, action, targetType: 'user', targetId: userId, detail });
}

export interface TotpState {
  enabled: boolean;
  /** Enrolment started, not yet confirmed by a code. */
  pending: boolean;
  recoveryCodesLeft: number;
}

export async function totpState(db: Db, userId: string): Promise<TotpState> {
  const row = await db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  const left = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { enabled: Boolean(row?.confirmed_at), pending: Boolean(row && !row.confirmed_at), recoveryCodesLeft: row?.confirmed_at ? Number(left.n) : 0 };
}

/** Whether the account signs in with a second factor. */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('user_totp').select('user_id').where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

/** Accounts without a local password (directory users) rely on their provider's sign-in. */
export async function hasLocalPassword(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return Boolean(row?.password_hash);
}

/** Starts (or restarts) enrolment: a new secret, returned this once, unused until confirmed. */
export async function startEnrolment(db: Kysely<DB>, actor: UserActor, accountName: string, secretKey: string | null): Promise<{ secret: string; otpauthUri: string }> {
  if (!(await hasLocalPassword(db, actor.actorId))) {
    throw conflict('This account signs in through the directory; its second factor is the directory’s.', 'no-local-password');
  }
  if (await hasSecondFactor(db, actor.actorId)) throw conflict('Two-factor sign-in is already on; switch it off first to enrol a new device.', 'totp-already-enabled');
  const secret = newTotpSecret();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_totp').where('user_id', '=', actor.actorId).where('confirmed_at', 'is', null).execute();
    await trx.insertInto('user_totp').values({ user_id: actor.actorId, secret: sealSecret(secret, secretKey) }).execute();
    await audit(trx, actor, 'auth.totp_enrolment_start', actor.actorId);
  });
  return { secret, otpauthUri: otpauthUri(secret, accountName) };
}

async function storeRecoveryCodes(trx: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseRecoveryCode(code))));
  await trx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await trx.insertInto('user_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash }))).execute();
  return codes;
}

/**
 * Confirms enrolment with a first valid code: from now on sign-in asks for a code. Returns the
 * recovery codes (shown once), or null when the code is wrong.
 */
export async function confirmEnrolment(db: Kysely<DB>, actor: UserActor, code: string, secretKey: string | null, sessionId: string | null): Promise<string[] | null> {
  const row = await db.selectFrom('user_totp').select(['secret', 'confirmed_at']).where('user_id', '=', actor.actorId).executeTakeFirst();
  if (!row) throw conflict('Start the enrolment first.', 'totp-not-enabled');
  if (row.confirmed_at) throw conflict('Two-factor sign-in is already on.', 'totp-already-enabled');
  const step = codeStep(openSecret(row.secret, secretKey), code);
  if (step === null) return null;
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('user_totp')
      .set({ confirmed_at: new Date(), last_step: step })
      .where('user_id', '=', actor.actorId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw conflict('Two-factor sign-in is already on.', 'totp-already-enabled');
    const codes = await storeRecoveryCodes(trx, actor.actorId);
    if (sessionId) await markSecondFactor(trx, sessionId);
    // Turning on a second factor is often the answer to a suspected leak: sessions signed in
    // with the password alone end, like after a password change.
    await endOtherSessions(trx, actor.actorId, sessionId);
    await audit(trx, actor, 'auth.totp_enable', actor.actorId);
    return codes;
  });
}

export type SecondFactorProof = { code: string; recoveryCode?: undefined } | { recoveryCode: string; code?: undefined };

/**
 * Checks a code or a recovery code of an account with a second factor; returns which one
 * passed, or null. A code is accepted once: its time step (or an earlier one) is refused
 * afterwards; a recovery code is used up. Both are claimed with a conditional update, so two
 * requests racing with the same code cannot both pass.
 */
export async function checkSecondFactor(db: Db, userId: string, proof: SecondFactorProof, secretKey: string | null): Promise<'totp' | 'recovery' | null> {
  if (proof.code !== undefined) {
    const row = await db.selectFrom('user_totp').select('secret').where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
    if (!row) return null;
    const step = codeStep(openSecret(row.secret, secretKey), proof.code);
    if (step === null) return null;
    const claimed = await db
      .updateTable('user_totp')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', String(step))]))
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) > 0 ? 'totp' : null;
  }
  const given = normaliseRecoveryCode(proof.recoveryCode);
  if (given.length === 0) return null;
  const unused = await db.selectFrom('user_recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  for (const candidate of unused) {
    if (!(await verifyPassword(candidate.code_hash, given))) continue;
    const used = await db.updateTable('user_recovery_codes').set({ used_at: new Date() }).where('id', '=', candidate.id).where('used_at', 'is', null).executeTakeFirst();
    return Number(used.numUpdatedRows) > 0 ? 'recovery' : null;
  }
  return null;
}

/** Ten new recovery codes in place of the old ones (the caller proved the second factor). */
export async function renewRecoveryCodes(db: Kysely<DB>, actor: UserActor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const codes = await storeRecoveryCodes(trx, actor.actorId);
    await audit(trx, actor, 'auth.recovery_codes_renew', actor.actorId);
    return codes;
  });
}

/**
 * Switches the second factor off for `userId` (its owner, or an admin resetting a lost device,
 * which also ends the account's sessions); false when it had none.
 */
export async function removeSecondFactor(db: Kysely<DB>, actor: Actor, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
    await trx.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
    if (Number(removed.numDeletedRows) === 0) return false;
    // An admin's reset: whoever holds the lost device and a session signs in again from scratch.
    if (actor.actorId !== userId) await endAllSessions(trx, userId);
    await audit(trx, actor, actor.actorId === userId ? 'auth.totp_disable' : 'user.totp_reset', userId);
    return true;
  });
}

/** How long a proven second factor covers sensitive changes in the same session. */
export const RECENT_SECOND_FACTOR_MS = 10 * 60_000;

export async function markSecondFactor(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_at: new Date() }).where('id', '=', sessionId).execute();
}

/** Whether this session proved the second factor within the last RECENT_SECOND_FACTOR_MS. */
export async function secondFactorIsRecent(db: Db, sessionId: string | null): Promise<boolean> {
  if (!sessionId) return false;
  const row = await db.selectFrom('sessions').select('second_factor_at').where('id', '=', sessionId).executeTakeFirst();
  return Boolean(row?.second_factor_at && Date.now() - row.second_factor_at.getTime() < RECENT_SECOND_FACTOR_MS);
}
