import type { Kysely } from 'kysely';
import type { AuthUser, Role } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { isUuid } from './uuid.ts';
import { type AccessLevel, decideAccess, readsEverySpace } from './access-rules.ts';

export type { AccessLevel } from './access-rules.ts';
export { atLeast, canEditContent } from './access-rules.ts';

/**
 * Permission queries for spaces and pages: the one place the server, the collaboration socket,
 * search, processes and interviews ask. Role and active state are read fresh from the database
 * on every call, so a long-lived socket cannot outlive a deactivation or demotion.
 */

export interface PageAccess {
  level: AccessLevel;
  /**
   * `archived` is true when the page or its space is archived: its content is read-only then,
   * whatever the level (see `canEditContent`). `null` when the page does not exist or the user
   * may not see it.
   */
  page: { id: string; spaceId: string; archived: boolean } | null;
}

/** `PageAccess` and the caller's instance role as stored now (reviews ask for it). */
export interface PageFacts extends PageAccess {
  userRole: Role | null;
}

/**
 * False when the caller is an API token limited to other spaces (auth.ts `spaceIds`): for it
 * every other space is as if it were not a member, whatever the user's role.
 */
export function withinTokenSpaces(user: Pick<AuthUser, 'spaceIds'>, spaceId: string): boolean {
  return !user.spaceIds || user.spaceIds.includes(spaceId);
}

/** What `user` may do with the page: none (also when it does not exist), read, write (edit content), manage (owner actions). */
export async function pageAccess(db: Kysely<DB>, user: Pick<AuthUser, 'id' | 'spaceIds'>, pageId: string): Promise<PageAccess> {
  const { level, page } = await pageFacts(db, user, pageId);
  return { level, page };
}

export async function pageFacts(db: Kysely<DB>, user: Pick<AuthUser, 'id' | 'spaceIds'>, pageId: string): Promise<PageFacts> {
  if (!isUuid(pageId)) return { level: 'none', page: null, userRole: null };
  const row = await db
    .selectFrom('pages')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .innerJoin('users', (join) => join.on('users.id', '=', user.id))
    .leftJoin('space_members', (join) =>
      join.onRef('space_members.space_id', '=', 'pages.space_id').on('space_members.user_id', '=', user.id),
    )
    .select([
      'pages.id',
      'pages.space_id',
      'pages.archived_at as page_archived_at',
      'spaces.archived_at as space_archived_at',
      'users.role as user_role',
      'users.active as user_active',
      'space_members.role as member_role',
    ])
    .where('pages.id', '=', pageId)
    .executeTakeFirst();
  if (!row) return { level: 'none', page: null, userRole: null };
  if (!withinTokenSpaces(user, row.space_id)) return { level: 'none', page: null, userRole: row.user_role };
  const level = decideAccess({
    userRole: row.user_role,
    userActive: row.user_active,
    memberRole: row.member_role,
    spaceArchived: row.space_archived_at !== null,
    pageArchived: row.page_archived_at !== null,
  });
  if (level === 'none') return { level, page: null, userRole: row.user_role };
  return {
    level,
    page: { id: row.id, spaceId: row.space_id, archived: row.page_archived_at !== null || row.space_archived_at !== null },
    userRole: row.user_role,
  };
}

/** What `user` may do in the space: none (also when it does not exist), read, write (create and edit pages), manage. */
export async function spaceAccess(db: Kysely<DB>, user: AuthUser, spaceId: string): Promise<AccessLevel> {
  return (await spaceState(db, user, spaceId)).level;
}

export interface SpaceState {
  level: AccessLevel;
  /** False too when the space does not exist (level is `none` then). */
  archived: boolean;
}

/** The caller's level in the space and whether it is archived, in one query. */
export async function spaceState(db: Kysely<DB>, user: AuthUser, spaceId: string): Promise<SpaceState> {
  if (!isUuid(spaceId) || !withinTokenSpaces(user, spaceId)) return { level: 'none', archived: false };
  const row = await db
    .selectFrom('spaces')
    .innerJoin('users', (join) => join.on('users.id', '=', user.id))
    .leftJoin('space_members', (join) =>
      join.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', user.id),
    )
    .select(['spaces.archived_at', 'users.role as user_role', 'users.active as user_active', 'space_members.role as member_role'])
    .where('spaces.id', '=', spaceId)
    .executeTakeFirst();
  if (!row) return { level: 'none', archived: false };
  const level = decideAccess({
    userRole: row.user_role,
    userActive: row.user_active,
    memberRole: row.member_role,
    spaceArchived: row.archived_at !== null,
  });
  return { level, archived: level !== 'none' && row.archived_at !== null };
}

/** Space ids the user can read (for search filters and lists). */
export async function readableSpaceIds(db: Kysely<DB>, user: AuthUser): Promise<string[] | 'all'> {
  const fresh = await db.selectFrom('users').select(['role', 'active']).where('id', '=', user.id).executeTakeFirst();
  if (!fresh || !fresh.active) return [];
  const limit = user.spaceIds;
  if (readsEverySpace(fresh.role, fresh.active)) {
    if (!limit) return 'all';
    const existing = limit.length === 0 ? [] : await db.selectFrom('spaces').select('id').where('id', 'in', limit).execute();
    return existing.map((r) => r.id);
  }
  const rows = await db.selectFrom('space_members').select('space_id').where('user_id', '=', user.id).execute();
  return rows.map((r) => r.space_id).filter((id) => withinTokenSpaces(user, id));
}
