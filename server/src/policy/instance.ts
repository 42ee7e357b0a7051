import type { AuthUser } from '../auth/auth.ts';

/**
 * Instance-wide permissions (not tied to a space). Routes ask these, nothing else decides.
 */
export type InstanceAction =
  | 'users.create'
  | 'users.update'
  | 'users.setDeparture'
  | 'users.seeAll'
  | 'audit.read'
  | 'search.editSynonyms';

export function canOnInstance(user: AuthUser, action: InstanceAction): boolean {
  if (!user.active) return false;
  switch (action) {
    case 'users.create':
    case 'users.update':
    case 'audit.read':
    case 'search.editSynonyms':
      return user.role === 'admin';
    case 'users.setDeparture':
    case 'users.seeAll':
      return user.role === 'admin' || user.role === 'knowledge_manager';
  }
}
