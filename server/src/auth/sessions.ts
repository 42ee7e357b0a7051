import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Auth, AuthUser } from './auth.ts';
import { randomToken, tokenHash } from './secrets.ts';

export interface SessionPolicy {
  idleMinutes: number;
  lifetimeHours: number;
}

export const userColumns = ['users.id', 'users.email', 'users.display_name', 'users.role', 'users.active', 'users.locale'] as const;

export function toAuthUser(row: {
  id: string;
  email: string;
  display_name: string;
  role: AuthUser['role'];
  active: boolean;
  locale: AuthUser['locale'];
}): AuthUser {
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role, active: row.active, locale: row.locale };
}

/** Starts a session; the cookie carries the token, the database only its hash. */
export async function createSession(
  db: Kysely<DB>,
  userId: string,
  policy: SessionPolicy,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; id: string; csrfToken: string }> {
  const token = randomToken();
  const id = tokenHash(token);
  const csrfToken = randomToken();
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: new Date(Date.now() + policy.lifetimeHours * 3600_000),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, id, csrfToken };
}

const TOUCH_INTERVAL_MS = 60_000;

/** The session behind a cookie token, if it is still valid and its user active. */
export async function resolveSession(db: Kysely<DB>, token: string, policy: SessionPolicy): Promise<Auth | null> {
  const id = tokenHash(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...userColumns, 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || !row.active) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + policy.idleMinutes * 60_000 <= now) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (now - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id', '=', id).execute();
  }
  return { user: toAuthUser(row), via: 'session', sessionId: id, csrfToken: row.csrf_token, tokenId: null, readOnly: false };
}

export async function endSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/**
 * Ends every session of the user but `keep` (the caller's own, when it stays signed in), and the
 * collaboration tokens sessions handed out: they would open sockets for minutes after.
 */
export async function endOtherSessions(db: Kysely<DB>, userId: string, keep: string | null): Promise<void> {
  let sessions = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) sessions = sessions.where('id', '!=', keep);
  await sessions.execute();
  await db.deleteFrom('collab_tokens').where('user_id', '=', userId).execute();
}

export async function endAllSessions(db: Kysely<DB>, userId: string): Promise<void> {
  await endOtherSessions(db, userId, null);
}

/**
 * The id a session is shown and ended by. The row's own id is the hash of the cookie token; it
 * stays on the server, so a listed id is no handle on the cookie or on the collaboration check.
 */
export function publicSessionId(sessionId: string): string {
  return tokenHash(`session:${sessionId}`).slice(0, 32);
}

export interface SessionRow {
  id: string;
  publicId: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** The user's sessions that still count (not expired, not idle past the policy), most recently used first. */
export async function listSessions(db: Kysely<DB>, userId: string, policy: SessionPolicy): Promise<SessionRow[]> {
  const now = Date.now();
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date(now))
    .where('last_seen_at', '>', new Date(now - policy.idleMinutes * 60_000))
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    publicId: publicSessionId(row.id),
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    ip: row.ip,
    userAgent: row.user_agent,
  }));
}

/** Ends one of the user's own sessions by its public id; false when the user has no such session. */
export async function endOwnSession(db: Kysely<DB>, userId: string, publicId: string): Promise<boolean> {
  const rows = await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  const match = rows.find((row) => publicSessionId(row.id) === publicId);
  if (!match) return false;
  const ended = await db.deleteFrom('sessions').where('id', '=', match.id).where('user_id', '=', userId).executeTakeFirst();
  return ended.numDeletedRows > 0n;
}
