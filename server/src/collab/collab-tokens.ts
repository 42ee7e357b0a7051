import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AuthUser } from '../auth/auth.ts';
import { randomToken, tokenHash } from '../auth/secrets.ts';
import { toAuthUser, userColumns } from '../auth/sessions.ts';

/**
 * Short-lived tokens that open the collaboration socket of one page (for clients that cannot
 * send the session cookie, e.g. across origins). Stored only as their hash; usable until they
 * expire, so a reconnect within the lifetime works.
 */
const PREFIX = 'stc_';

export async function createCollabToken(
  db: Kysely<DB>,
  userId: string,
  pageId: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = PREFIX + randomToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db.deleteFrom('collab_tokens').where('expires_at', '<', new Date()).execute();
  await db.insertInto('collab_tokens').values({ token_hash: tokenHash(token), user_id: userId, page_id: pageId, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/** The user a token was issued to, when it is valid for this page, unexpired and the user active. */
export async function resolveCollabToken(db: Kysely<DB>, token: string, pageId: string): Promise<AuthUser | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = await db
    .selectFrom('collab_tokens')
    .innerJoin('users', 'users.id', 'collab_tokens.user_id')
    .select([...userColumns, 'collab_tokens.page_id', 'collab_tokens.expires_at'])
    .where('collab_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || !row.active || row.page_id !== pageId || row.expires_at.getTime() <= Date.now()) return null;
  return toAuthUser(row);
}
