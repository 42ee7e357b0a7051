import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Auth } from './auth.ts';
import { toAuthUser, userColumns } from './sessions.ts';
import { randomToken, tokenHash } from './secrets.ts';

/** Personal API tokens carry a recognisable prefix so leaked ones can be found by scanners. */
const PREFIX = 'stf_';

export interface CreatedToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
  expiresAt: string | null;
  readOnly: boolean;
  /** The spaces the token is limited to; null: all the user's spaces. */
  spaceIds: string[] | null;
}

export async function createApiToken(
  db: Kysely<DB>,
  userId: string,
  name: string,
  expiresAt: Date | null,
  readOnly = false,
  spaceIds: readonly string[] | null = null,
): Promise<CreatedToken> {
  const token = PREFIX + randomToken();
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: tokenHash(token), expires_at: expiresAt, read_only: readOnly, space_limited: spaceIds !== null })
    .returning(['id', 'name', 'created_at', 'expires_at', 'read_only'])
    .executeTakeFirstOrThrow();
  const spaces = spaceIds === null ? null : [...new Set(spaceIds)].sort();
  if (spaces && spaces.length > 0) await db.insertInto('api_token_spaces').values(spaces.map((space_id) => ({ token_id: row.id, space_id }))).execute();
  return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString(), expiresAt: row.expires_at?.toISOString() ?? null, readOnly: row.read_only, spaceIds: spaces };
}

/** The spaces of each space-limited token among `tokenIds`. */
async function tokenSpaces(db: Kysely<DB>, tokenIds: readonly string[]): Promise<Map<string, string[]>> {
  const byToken = new Map<string, string[]>();
  if (tokenIds.length === 0) return byToken;
  const rows = await db.selectFrom('api_token_spaces').select(['token_id', 'space_id']).where('token_id', 'in', tokenIds).orderBy('space_id').execute();
  for (const row of rows) byToken.set(row.token_id, [...(byToken.get(row.token_id) ?? []), row.space_id]);
  return byToken;
}

export async function resolveApiToken(db: Kysely<DB>, token: string): Promise<Auth | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'api_tokens.read_only', 'api_tokens.space_limited'])
    .where('api_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || !row.active || row.revoked_at) return null;
  if (row.expires_at && row.expires_at.getTime() <= Date.now()) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  }
  const user = toAuthUser(row);
  // A limited token whose spaces are all gone keeps an empty list: it reaches nothing, never everything.
  if (row.space_limited) user.spaceIds = (await tokenSpaces(db, [row.token_id])).get(row.token_id) ?? [];
  return { user, via: 'token', sessionId: null, csrfToken: null, tokenId: row.token_id, readOnly: row.read_only };
}

export async function listApiTokens(db: Kysely<DB>, userId: string) {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'read_only', 'space_limited'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  const spaces = await tokenSpaces(
    db,
    rows.filter((r) => r.space_limited).map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    readOnly: r.read_only,
    spaceIds: r.space_limited ? (spaces.get(r.id) ?? []) : null,
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
