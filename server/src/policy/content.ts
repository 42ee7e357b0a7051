import { type AccessLevel, atLeast, canEditContent } from './access-rules.ts';

/**
 * Decisions about a page's body and its versions. `archived` is the page-or-space archived
 * flag from `pageAccess`: an archived page can be read, exported and compared, not changed.
 */
export type ContentAction = 'read' | 'edit' | 'createVersion' | 'restoreVersion';

export function canOnContent(level: AccessLevel, archived: boolean, action: ContentAction): boolean {
  switch (action) {
    case 'read':
      return atLeast(level, 'read');
    case 'edit':
    case 'createVersion':
    case 'restoreVersion':
      return canEditContent(level, archived);
  }
}
