import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { allow, type Decision, hidden, notAllowed } from './decision.ts';
import { isUuid } from './uuid.ts';

/**
 * Reading paths for newcomers. Knowledge managers, administrators and space owners build them
 * (a space owner brings people into their office); whoever built a path, knowledge managers and
 * administrators manage it (assign, see everyone's progress); the people it is assigned to
 * follow it. Everyone else is told it does not exist (404). A newcomer's progress is visible to
 * those who manage the path, which is its purpose, and to nobody else.
 */
export type ReadingPathAction = 'view' | 'manage' | 'follow';

export interface ReadingPathGrant {
  user: AuthUser;
  path: { id: string; createdBy: string | null };
  manages: boolean;
  assigned: boolean;
}

const isManagerRole = (user: AuthUser) => user.active && !user.spaceIds && (user.role === 'admin' || user.role === 'knowledge_manager');

/** Whether the caller may build reading paths: knowledge managers, admins and owners of a space. */
export async function mayBuildReadingPaths(db: Kysely<DB>, user: AuthUser): Promise<boolean> {
  if (!user.active) return false;
  if (isManagerRole(user)) return true;
  let owned = db.selectFrom('space_members').select('space_id').where('user_id', '=', user.id).where('role', '=', 'owner');
  if (user.spaceIds) owned = owned.where('space_id', 'in', user.spaceIds.length ? [...user.spaceIds] : ['00000000-0000-0000-0000-000000000000']);
  return (await owned.limit(1).executeTakeFirst()) !== undefined;
}

/** Whether the caller sees the progress of every path (not only their own paths'). */
export const managesAllReadingPaths = isManagerRole;

export async function decideReadingPath(db: Kysely<DB>, user: AuthUser, pathId: string, action: ReadingPathAction): Promise<Decision<ReadingPathGrant>> {
  if (!isUuid(pathId) || !user.active) return hidden('reading path');
  const row = await db
    .selectFrom('reading_paths as p')
    .leftJoin('reading_path_assignments as a', (join) => join.onRef('a.path_id', '=', 'p.id').on('a.user_id', '=', user.id))
    .select(['p.id', 'p.created_by', 'a.user_id as assignee'])
    .where('p.id', '=', pathId)
    .executeTakeFirst();
  if (!row) return hidden('reading path');
  const manages = isManagerRole(user) || (row.created_by !== null && row.created_by === user.id);
  const assigned = row.assignee !== null;
  if (!manages && !assigned) return hidden('reading path');
  const grant: ReadingPathGrant = { user, path: { id: row.id, createdBy: row.created_by }, manages, assigned };
  switch (action) {
    case 'view':
      return allow(grant);
    case 'manage':
      return manages ? allow(grant) : notAllowed('Only whoever built the path, knowledge managers and administrators may do this.');
    case 'follow':
      // Managers who are not on the path learn that from the service (409 not-assigned).
      return allow(grant);
  }
}
