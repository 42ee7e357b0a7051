import type { TFunction } from 'i18next';
import type { Space } from '@stafette/api';

/** "Ihre Rolle: Bearbeiten" etc. for a space card or header. */
export function spaceRoleLabel(space: Space, t: TFunction): string {
  const role =
    space.myRole === 'owner' ? t('space.roleOwner') : space.myRole === 'editor' ? t('space.roleEditor') : space.myRole === 'reader' ? t('space.roleReader') : t('space.roleNone');
  return t('space.yourRole', { role });
}
