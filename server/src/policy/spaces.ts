import type { AuthUser } from '../auth/auth.ts';
import { type AccessLevel, atLeast } from './access-rules.ts';

/**
 * Space-level decisions that are not a plain level comparison. The levels themselves come from
 * `spaceAccess` / `pageAccess` in pages.ts.
 */

/** Every active account may open a space for its office; it becomes the space's owner. */
export function canCreateSpace(user: AuthUser): boolean {
  return user.active;
}

export type SpaceAction = 'read' | 'createPage' | 'update' | 'archive' | 'manageMembers' | 'listMembers';

/**
 * `level` already drops write to read in an archived space; owners keep manage there, but an
 * archived space takes no new pages from anyone until it is restored.
 */
export function canOnSpace(level: AccessLevel, archived: boolean, action: SpaceAction): boolean {
  switch (action) {
    case 'read':
    case 'listMembers':
      return atLeast(level, 'read');
    case 'createPage':
      return atLeast(level, 'write') && !archived;
    case 'update':
    case 'archive':
    case 'manageMembers':
      return atLeast(level, 'manage');
  }
}

export type PageAction = 'read' | 'editTitle' | 'move' | 'archive' | 'restore' | 'delete';

/**
 * `archived` is the page-or-space archived flag from `pageAccess`. Editors organise the tree
 * (move, archive); restoring and permanent deletion are owner actions, and only an archived
 * page can be deleted (checked by the route, which answers 409 otherwise).
 */
export function canOnPage(level: AccessLevel, archived: boolean, action: PageAction): boolean {
  switch (action) {
    case 'read':
      return atLeast(level, 'read');
    case 'editTitle':
    case 'move':
    case 'archive':
      return atLeast(level, 'write') && !archived;
    case 'restore':
    case 'delete':
      return atLeast(level, 'manage');
  }
}
