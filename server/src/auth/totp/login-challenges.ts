import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { randomToken, tokenHash } from '../secrets.ts';

/**
 * The step between a right password and the second factor. The challenge is a random token the
 * client holds for a few minutes (the database keeps its hash); it is good for one sign-in and
 * for a few wrong codes at most, after which the password must be given again.
 */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;
export const MAX_CHALLENGE_FAILURES = 5;

export async function issueChallenge(db: Kysely<DB>, userId: string, now = Date.now()): Promise<{ challenge: string; expiresAt: Date }> {
  const challenge = randomToken();
  const expiresAt = new Date(now + CHALLENGE_LIFETIME_MS);
  await db.deleteFrom('login_challenges').where('expires_at', '<=', new Date(now)).execute();
  await db.insertInto('login_challenges').values({ id: tokenHash(challenge), user_id: userId, expires_at: expiresAt }).execute();
  return { challenge, expiresAt };
}

export interface OpenChallenge {
  id: string;
  userId: string;
}

/** The live challenge behind a token, or null (unknown, used, expired or worn out by wrong codes). */
export async function openChallenge(db: Kysely<DB>, challenge: string, now = Date.now()): Promise<OpenChallenge | null> {
  const id = tokenHash(challenge);
  const row = await db.selectFrom('login_challenges').select(['user_id', 'expires_at', 'failed_attempts']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  if (row.expires_at.getTime() <= now || row.failed_attempts >= MAX_CHALLENGE_FAILURES) {
    await db.deleteFrom('login_challenges').where('id', '=', id).execute();
    return null;
  }
  return { id, userId: row.user_id };
}

/** Counts a wrong code against the challenge; the last allowed one ends it. */
export async function challengeFailed(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('login_challenges').set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) })).where('id', '=', id).execute();
  await db.deleteFrom('login_challenges').where('id', '=', id).where('failed_attempts', '>=', MAX_CHALLENGE_FAILURES).execute();
}

/** Takes the challenge for a sign-in: true for exactly one of several racing requests. */
export async function consumeChallenge(trx: Transaction<DB> | Kysely<DB>, id: string): Promise<boolean> {
  const done = await trx.deleteFrom('login_challenges').where('id', '=', id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}
