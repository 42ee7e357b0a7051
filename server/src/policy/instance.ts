import type { AuthUser } from '../auth/auth.ts';

/**
 * Instance-wide permissions (not tied to a space). Routes declare them as
 * `access: { resource: 'instance', action }`; nothing else decides.
 */
export type InstanceAction =
  /** Open a space for one's office; the creator becomes its owner. */
  | 'spaces.create'
  | 'users.create'
  | 'users.update'
  | 'users.setDeparture'
  | 'users.seeAll'
  | 'users.pseudonymise'
  | 'audit.read'
  /** Add and remove synonym groups on top of the shipped list: knowledge managers and admins. */
  | 'search.editSynonyms'
  /** What searches did not find ("Gesucht, nicht gefunden"): knowledge managers and admins. */
  | 'knowledgeGaps.read'
  /** The management dashboard (state at a glance) and its weekly summary: knowledge managers and admins. */
  | 'dashboard.read'
  /** Rename classification levels and choose the default for new spaces. */
  | 'classification.manage'
  /** The instance's sign-in rules (requiring a second factor of admins and knowledge managers). */
  | 'security.manage'
  /** Schedule exit interviews and edit their templates. */
  | 'interviews.manage'
  /** Directory sign-in: group → role mappings, the LDAP sync, the providers' state. */
  | 'directory.manage'
  | 'interviews.runRetention'
  /** Keep the global template gallery (space owners keep their space's). */
  | 'templates.manage'
  /** The public portal's settings: municipality name, imprint, open-data licence. */
  | 'publishing.manage'
  /** Download a backup of the embedded database while the server runs. */
  | 'backup.download';

type Holders = 'everyone' | 'admins' | 'managers';

const HOLDERS: Record<InstanceAction, Holders> = {
  'spaces.create': 'everyone',
  'users.create': 'admins',
  'users.update': 'admins',
  'users.setDeparture': 'managers',
  'users.seeAll': 'managers',
  'users.pseudonymise': 'admins',
  'audit.read': 'admins',
  'search.editSynonyms': 'managers',
  'knowledgeGaps.read': 'managers',
  'dashboard.read': 'managers',
  'classification.manage': 'admins',
  'security.manage': 'admins',
  'interviews.manage': 'managers',
  'directory.manage': 'admins',
  'interviews.runRetention': 'admins',
  'templates.manage': 'managers',
  'publishing.manage': 'admins',
  'backup.download': 'admins',
};

export function canOnInstance(user: AuthUser, action: InstanceAction): boolean {
  // A token limited to spaces reaches nothing instance-wide, not even opening a new space.
  if (!user.active || user.spaceIds) return false;
  switch (HOLDERS[action]) {
    case 'everyone':
      return true;
    case 'admins':
      return user.role === 'admin';
    case 'managers':
      return user.role === 'admin' || user.role === 'knowledge_manager';
  }
}

/** What a refused caller is told: who may do it. */
export function instanceRefusalDetail(action: InstanceAction, user?: AuthUser): string {
  if (user?.spaceIds) return 'An API token limited to spaces cannot do anything instance-wide.';
  switch (HOLDERS[action]) {
    case 'everyone':
      return 'Your account may not do this.';
    case 'admins':
      return 'Only administrators may do this.';
    case 'managers':
      return 'Only knowledge managers and administrators may do this.';
  }
}
