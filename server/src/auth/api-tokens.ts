import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Auth } from './auth.ts';
import { toAuthUser, userColumns } from './sessions.ts';
import { randomToken, tokenHash } from './secrets.ts';

/** Personal API tokens carry a recognisable prefix so leaked ones can be found by scanners. */
const PREFIX = 'stf_';

export async function createApiToken(
  db: Kysely<DB>,
  userId: string,
  name: string,
  expiresAt: Date | null,
  readOnly = false,
): Promise<{ id: string; name: string; token: string; createdAt: string; expiresAt: string | null; readOnly: boolean }> {
  const token = PREFIX + randomToken();
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: tokenHash(token), expires_at: expiresAt, read_only: readOnly })
    .returning(['id', 'name', 'created_at', 'expires_at', 'read_only'])
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at?.toISOString() ?? null, readOnly: row.read_only };
}

export async function resolveApiToken(db: Kysely<DB>, token: string): Promise<Auth | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'api_tokens.read_only'])
    .where('api_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || !row.active || row.revoked_at) return null;
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  }
  return { user: toAuthUser(row), via: 'token', sessionId: null, csrfToken: null, tokenId: row.token_id, readOnly: row.read_only };
}

export async function listApiTokens(db: Kysely<DB>, userId: string) {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'read_only'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    readOnly: r.read_only,
  }));
}

/** Returns whether a live token of this user was revoked. */
export async function revokeApiToken(db: Kysely<DB>, userId: string, tokenId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live token of the user (password change, signing out everywhere); returns how many. */
export async function revokeAllApiTokens(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
