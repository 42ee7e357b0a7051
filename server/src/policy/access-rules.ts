import type { Role } from '../auth/auth.ts';
import type { SpaceRole } from '../db/schema.ts';

/**
 * The pure decision: who may do what in a space or on a page. No I/O here, so the rules can be
 * read and tested in one place; `pages.ts` gathers the facts from the database.
 */
export type AccessLevel = 'none' | 'read' | 'write' | 'manage';

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2, manage: 3 };

export function atLeast(level: AccessLevel, wanted: AccessLevel): boolean {
  return RANK[level] >= RANK[wanted];
}

function max(a: AccessLevel, b: AccessLevel): AccessLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

export const ROLE_LEVEL: Record<SpaceRole, AccessLevel> = { reader: 'read', editor: 'write', owner: 'manage' };

export interface AccessFacts {
  /** Instance role and state of the user, as stored now (not as cached in a session). */
  userRole: Role;
  userActive: boolean;
  /** The user's role in the space, null when not a member. */
  memberRole: SpaceRole | null;
  spaceArchived: boolean;
  /** Whether the page in question is archived (false when deciding about the space itself). */
  pageArchived?: boolean;
}

/**
 * - inactive users: nothing;
 * - admins act as owners everywhere; knowledge managers read every space;
 * - members per their role: reader → read, editor → write, owner → manage;
 * - an archived space or page is read-only: `write` drops to `read`, `manage` stays so that
 *   owners can still restore, archive, delete and manage members.
 */
export function decideAccess(facts: AccessFacts): AccessLevel {
  if (!facts.userActive) return 'none';
  let level: AccessLevel = facts.memberRole ? ROLE_LEVEL[facts.memberRole] : 'none';
  if (facts.userRole === 'admin') level = 'manage';
  else if (facts.userRole === 'knowledge_manager') level = max(level, 'read');
  if ((facts.spaceArchived || facts.pageArchived) && level === 'write') level = 'read';
  return level;
}

/**
 * Whether page content (title, body) may be changed: needs write or manage, and neither the
 * page nor its space may be archived (managers restore first).
 */
export function canEditContent(level: AccessLevel, archived: boolean): boolean {
  return atLeast(level, 'write') && !archived;
}

/** Whether the user sees every space without membership (search filters skip the id list). */
export function readsEverySpace(userRole: Role, userActive: boolean): boolean {
  return userActive && (userRole === 'admin' || userRole === 'knowledge_manager');
}
