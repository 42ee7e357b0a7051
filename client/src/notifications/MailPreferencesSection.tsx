/** Profile: for each kind of notification, mail at once, as a daily digest, or not at all. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailMode, MailPreferences, NotificationKind } from '@stafette/api';
import { ProfileSection } from '../profile/ProfileSection.tsx';
import { notificationsApi } from './api.ts';

const MODES: MailMode[] = ['instant', 'digest', 'off'];
/** The kinds in the order the profile lists them (the API's NOTIFICATION_KINDS; values are not imported from its root). */
const KINDS: NotificationKind[] = ['mention', 'reply', 'comment', 'page.changed', 'review.due', 'read.requested', 'interview.state'];

export function MailPreferencesSection({ onNotice }: { onNotice(message: string): void }) {
  const { t } = useTranslation();
  const [prefs, setPrefs] = useState<MailPreferences | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void notificationsApi.preferences().then(setPrefs, () => setFailed(true));
  }, []);

  const change = (kind: NotificationKind, mode: MailMode) => {
    void notificationsApi.setPreferences({ [kind]: mode }).then(
      (next) => {
        setPrefs(next);
        onNotice(t('notifications.mail.saved'));
      },
      () => setFailed(true),
    );
  };

  return (
    <ProfileSection id="profile-mail" title={t('notifications.mail.title')}>
      {failed && <p role="alert">{t('notifications.loadFailed')}</p>}
      {prefs && !prefs.mailEnabled && <p className="muted">{t('notifications.mail.disabled')}</p>}
      {prefs && (
        <table className="data-table mail-preferences">
          <caption className="visually-hidden">{t('notifications.mail.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notifications.mail.kind')}</th>
              <th scope="col">{t('notifications.mail.mode')}</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row" id={`mail-kind-${kind}`}>
                  {t(`notifications.mail.kinds.${kind}`)}
                </th>
                <td>
                  <select aria-labelledby={`mail-kind-${kind}`} value={prefs.preferences[kind] ?? 'instant'} onChange={(event) => change(kind, event.target.value as MailMode)}>
                    {MODES.map((mode) => (
                      <option key={mode} value={mode}>
                        {t(`notifications.mail.modes.${mode}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ProfileSection>
  );
}
