/**
 * The browsers signed in to the own account (device, IP, last use), this one marked; any of them
 * can be ended. Ending this one signs out here like the sign-out button.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SessionInfo } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { useSession } from '../session/session.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { profileApi } from './api.ts';
import { ProfileSection } from './ProfileSection.tsx';
import { describeUserAgent } from './user-agent.ts';

export function SessionsSection({ onNotice }: { onNotice(message: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const sessions = useAsync(() => profileApi.sessions(), []);
  const [ending, setEnding] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const device = (session: SessionInfo) => {
    const { browser, system } = describeUserAgent(session.userAgent);
    return t('profile.sessionDevice', { browser: browser ?? t('profile.unknownBrowser'), system: system ?? t('profile.unknownSystem') });
  };

  const end = async (session: SessionInfo) => {
    setEnding(null);
    try {
      if (session.current) {
        // The own session: sign out the way the button does (clears local copies too).
        await signOut();
        navigate('/');
        return;
      }
      await profileApi.endSession(session.id);
      onNotice(t('profile.sessionEnded', { device: device(session) }));
      setError(null);
      sessions.reload();
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  return (
    <ProfileSection id="profile-sessions" title={t('profile.sessions')}>
      <p className="muted">{t('profile.sessionsIntro')}</p>
      <Loaded state={sessions} empty={t('profile.sessionsEmpty')}>
        {(list) => (
          <DataTable
            caption={t('profile.sessions')}
            columns={[t('profile.sessionColDevice'), t('profile.sessionColIp'), t('profile.sessionColUsed')]}
            actions={t('profile.sessionColActions')}
          >
            {list.map((session) => (
              <tr key={session.id} aria-current={session.current ? 'true' : undefined}>
                <th scope="row" title={session.userAgent ?? undefined}>
                  {device(session)}
                  {session.current && <span className="muted"> ({t('profile.thisSession')})</span>}
                </th>
                <td>{session.ip ?? t('profile.unknownIp')}</td>
                <td>{format.dateTime(session.lastUsedAt)}</td>
                <td>
                  <button type="button" className="button button-ghost button-small" aria-label={t('profile.endSessionLabel', { device: device(session) })} onClick={() => setEnding(session)}>
                    {t('profile.endSession')}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <FormError message={error} />
      <ConfirmDialog
        title={t('profile.endSessionTitle')}
        open={ending !== null}
        question={ending?.current ? t('profile.endThisSessionConfirm') : t('profile.endSessionConfirm', { device: ending ? device(ending) : '' })}
        confirmLabel={t('profile.endSession')}
        onConfirm={() => ending && void end(ending)}
        onCancel={() => setEnding(null)}
      />
    </ProfileSection>
  );
}
