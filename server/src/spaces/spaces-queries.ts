import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { decideAccess } from '../policy/access-rules.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { spaceJson } from './space-json.ts';

/** Reads of spaces and their members for the REST API; writes are in spaces-service.ts. */

function withMembership(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('spaces')
    .leftJoin('space_members', (j) => j.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', userId))
    .selectAll('spaces')
    .select('space_members.role as member_role');
}

type SpaceWithMembership = Awaited<ReturnType<ReturnType<typeof withMembership>['executeTakeFirstOrThrow']>>;

function viewOf(user: AuthUser, row: SpaceWithMembership) {
  const level = decideAccess({ userRole: user.role, userActive: user.active, memberRole: row.member_role, spaceArchived: row.archived_at !== null });
  return spaceJson(row, level, row.member_role);
}

/** One space with the caller's role and permissions in it (the route checked they may read it). */
export async function spaceView(db: Kysely<DB>, user: AuthUser, spaceId: string) {
  return viewOf(user, await withMembership(db, user.id).where('spaces.id', '=', spaceId).executeTakeFirstOrThrow());
}

/** The spaces the user can read, by name; archived ones only when asked. */
export async function readableSpaces(db: Kysely<DB>, user: AuthUser, includeArchived: boolean) {
  const readable = await readableSpaceIds(db, user);
  if (readable !== 'all' && readable.length === 0) return [];
  let query = withMembership(db, user.id).orderBy('spaces.name').orderBy('spaces.id');
  if (readable !== 'all') query = query.where('spaces.id', 'in', readable);
  if (!includeArchived) query = query.where('spaces.archived_at', 'is', null);
  return (await query.execute()).map((row) => viewOf(user, row));
}

function members(db: Kysely<DB>, spaceId: string) {
  return db
    .selectFrom('space_members')
    .innerJoin('users', 'users.id', 'space_members.user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'users.active', 'space_members.role', 'space_members.created_at'])
    .where('space_members.space_id', '=', spaceId);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof members>['executeTakeFirstOrThrow']>>;

const memberJson = (r: MemberRow) => ({
  userId: r.id,
  displayName: r.display_name,
  email: r.email,
  active: r.active,
  role: r.role,
  since: r.created_at.toISOString(),
});

/** Members of a space and their roles, by name. */
export async function spaceMembers(db: Kysely<DB>, spaceId: string) {
  const rows = await members(db, spaceId).orderBy('users.display_name').orderBy('users.id').execute();
  return rows.map(memberJson);
}

/** One membership (after a change the route just made). */
export async function spaceMember(db: Kysely<DB>, spaceId: string, userId: string) {
  return memberJson(await members(db, spaceId).where('space_members.user_id', '=', userId).executeTakeFirstOrThrow());
}
