import { type AccessLevel, atLeast, canEditContent } from './access-rules.ts';

/**
 * What each level may do in a space and on a page. The levels come from `spaceAccess` /
 * `pageAccess` in pages.ts; resources.ts turns these answers into 404/403/409 decisions.
 */

export type SpaceAction =
  | 'read'
  | 'createPage'
  | 'update'
  | 'archive'
  | 'manageMembers'
  | 'listMembers'
  /** Import a BPMN process into the space; processes.ts decides (an archived space is read-only for all). */
  | 'importProcess';

/**
 * `level` already drops write to read in an archived space; owners keep manage there, but an
 * archived space takes no new pages or processes from anyone until it is restored.
 */
export function canOnSpace(level: AccessLevel, archived: boolean, action: SpaceAction): boolean {
  switch (action) {
    case 'read':
    case 'listMembers':
      return atLeast(level, 'read');
    case 'createPage':
      return atLeast(level, 'write') && !archived;
    case 'importProcess':
      return atLeast(level, 'manage') && !archived;
    case 'update':
    case 'archive':
    case 'manageMembers':
      return atLeast(level, 'manage');
  }
}

export type PageAction =
  | 'read'
  | 'editTitle'
  /** Replace the body (REST) or write on the collaboration socket. */
  | 'editContent'
  | 'createVersion'
  | 'restoreVersion'
  | 'move'
  | 'archive'
  | 'restore'
  | 'delete'
  /** Attach the page to a process step (the step's process decides separately). */
  | 'attach'
  /** Publish on the public portal or take it off (space owners). */
  | 'publish';

/**
 * `archived` is the page-or-space archived flag from `pageAccess`. Editors write and organise
 * the tree (move, archive); restoring and permanent deletion are owner actions, and only an
 * archived page can be deleted (checked by the service, which answers 409 otherwise). Any
 * reader may attach a live page to a step.
 */
export function canOnPage(level: AccessLevel, archived: boolean, action: PageAction): boolean {
  switch (action) {
    case 'read':
      return atLeast(level, 'read');
    case 'attach':
      return atLeast(level, 'read') && !archived;
    case 'editTitle':
    case 'editContent':
    case 'createVersion':
    case 'restoreVersion':
    case 'move':
    case 'archive':
      return canEditContent(level, archived);
    case 'restore':
    case 'delete':
      return atLeast(level, 'manage');
    case 'publish':
      return atLeast(level, 'manage') && !archived;
  }
}
