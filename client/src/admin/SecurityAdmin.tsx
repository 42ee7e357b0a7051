/**
 * Sign-in rules of the instance: requiring two-factor sign-in of administrators and knowledge
 * managers (off by default), and resetting the second factor of someone who lost their phone
 * and recovery codes (their sessions end).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '@stafette/api';
import { problemType } from '../api/http.ts';
import { twoFactorApi } from '../profile/api.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { usersAdminApi } from './api.ts';

export function SecurityAdmin() {
  const { t } = useTranslation();
  useDocumentTitle(t('profile.twoFactor.adminTitle'));
  const settings = useAsync(() => twoFactorApi.settings(), []);
  const users = useAsync(() => usersAdminApi.list(), []);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const save = useAction();
  const reset = useAction();
  const [chosen, setChosen] = useState('');
  const [confirming, setConfirming] = useState<User | null>(null);

  // The box shows the choice at once; a refused save puts it back.
  const toggle = (requireSecondFactor: boolean) => {
    const before = settings.status === 'done' ? settings.value : null;
    settings.set({ requireSecondFactor });
    void save.run(async () => {
      try {
        settings.set(await twoFactorApi.saveSettings({ requireSecondFactor }));
      } catch (caught) {
        if (before) settings.set(before);
        throw caught;
      }
      setNotice(t('profile.twoFactor.adminSaved'));
    });
  };

  const doReset = (user: User) => {
    setConfirming(null);
    void reset.run(async () => {
      try {
        await twoFactorApi.resetUser(user.id);
        setNotice(t('profile.twoFactor.adminResetDone', { name: user.displayName }));
      } catch (caught) {
        if (problemType(caught) !== 'not-found') throw caught;
        setNotice(t('profile.twoFactor.adminResetNone', { name: user.displayName }));
      }
    });
  };

  return (
    <section aria-labelledby="security-title">
      <h1 id="security-title">{t('profile.twoFactor.adminTitle')}</h1>
      <Loaded state={settings}>
        {(value) => (
          <div className="panel">
            <div className="field field-check">
              <input id="require-second-factor" type="checkbox" checked={value.requireSecondFactor} disabled={save.busy} onChange={(event) => toggle(event.target.checked)} aria-describedby="require-second-factor-hint" />
              <label htmlFor="require-second-factor">{t('profile.twoFactor.adminRequire')}</label>
              <p id="require-second-factor-hint" className="field-hint">
                {t('profile.twoFactor.adminRequireHint')}
              </p>
            </div>
            <FormError message={save.error} />
          </div>
        )}
      </Loaded>
      <Loaded state={users}>
        {(list) => (
          <form
            className="panel"
            onSubmit={(event) => {
              event.preventDefault();
              const user = list.find((u) => u.id === chosen);
              if (user) setConfirming(user);
            }}
          >
            <h2>{t('profile.twoFactor.adminReset')}</h2>
            <div className="field">
              <label htmlFor="reset-second-factor-user">{t('admin.users')}</label>
              <select id="reset-second-factor-user" value={chosen} onChange={(event) => setChosen(event.target.value)}>
                <option value="" />
                {list.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.displayName} ({user.email})
                  </option>
                ))}
              </select>
            </div>
            <FormError message={reset.error} />
            <button type="submit" className="button button-secondary" disabled={!chosen || reset.busy}>
              {t('profile.twoFactor.adminReset')}
            </button>
          </form>
        )}
      </Loaded>
      <ConfirmDialog
        title={t('profile.twoFactor.adminReset')}
        open={confirming !== null}
        question={t('profile.twoFactor.adminResetConfirm', { name: confirming?.displayName ?? '' })}
        confirmLabel={t('profile.twoFactor.adminReset')}
        onConfirm={() => confirming && doReset(confirming)}
        onCancel={() => setConfirming(null)}
      />
      <Notice message={notice} onDone={clearNotice} />
    </section>
  );
}
