/** The own account: name and language, password, personal API tokens, sign out everywhere. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DISPLAY_NAME_MAX_LENGTH } from '@stafette/api/limits';
import type { Locale } from '../i18n/index.ts';
import { LocaleOptions } from '../ui/LocaleOptions.tsx';
import { useSession, useUser } from '../session/session.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Notice } from '../ui/Notice.tsx';
import { errorMessage } from '../ui/errors.ts';
import { PasswordForm } from './PasswordForm.tsx';
import { RevokeTokensCheckbox } from './RevokeTokensCheckbox.tsx';
import { TokensSection } from './TokensSection.tsx';
import '../admin/admin.css';
import { FormError } from '../ui/FormError.tsx';

export function ProfileScreen() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  // Remounting the token list reloads it after a password change revoked the tokens.
  const [tokenList, setTokenList] = useState(0);
  useEffect(() => {
    document.title = `${t('profile.title')} – ${t('app.name')}`;
  }, [t]);

  return (
    <div className="content profile">
      <h1>{t('profile.title')}</h1>
      <DetailsForm onSaved={() => setNotice(t('profile.saved'))} />
      <PasswordForm
        onChanged={(tokensRevoked) => {
          setNotice(t('profile.passwordChanged'));
          if (tokensRevoked) setTokenList((n) => n + 1);
        }}
      />
      <TokensSection key={tokenList} onNotice={setNotice} />
      <SignOutEverywhere />
      <Notice message={notice} onDone={clearNotice} />
    </div>
  );
}

function DetailsForm({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { updateProfile } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) return setError(t('profile.nameRequired'));
    setBusy(true);
    try {
      await updateProfile({ displayName: displayName.trim(), locale });
      setError(null);
      onSaved();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel profile-section" aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details')}</h2>
      <form onSubmit={(event) => void save(event)} noValidate>
        <div className="field">
          <label htmlFor="profile-name">{t('profile.displayName')}</label>
          <input id="profile-name" type="text" autoComplete="name" value={displayName} maxLength={DISPLAY_NAME_MAX_LENGTH} onChange={(event) => setDisplayName(event.target.value)} aria-invalid={error ? true : undefined} />
        </div>
        <div className="field">
          <label htmlFor="profile-email">{t('profile.email')}</label>
          <input id="profile-email" type="email" value={user.email} readOnly />
        </div>
        <div className="field">
          <label htmlFor="profile-language">{t('profile.language')}</label>
          <select id="profile-language" value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
            <LocaleOptions />
          </select>
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function SignOutEverywhere() {
  const { t } = useTranslation();
  const { signOutEverywhere } = useSession();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState(false);
  const [revokeTokens, setRevokeTokens] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    try {
      await signOutEverywhere(revokeTokens);
      navigate('/');
    } catch (err) {
      setConfirm(false);
      setError(errorMessage(err, t));
    }
  };
  return (
    <section className="panel profile-section" aria-labelledby="profile-everywhere">
      <h2 id="profile-everywhere">{t('profile.everywhere')}</h2>
      <p>{t('profile.everywhereIntro')}</p>
      <RevokeTokensCheckbox id="everywhere-revoke-tokens" checked={revokeTokens} onChange={setRevokeTokens} />
      <FormError message={error} />
      <button type="button" className="button button-secondary" onClick={() => setConfirm(true)}>
        {t('profile.everywhere')}
      </button>
      <Dialog title={t('profile.everywhere')} open={confirm} onClose={() => setConfirm(false)} role="alertdialog">
        <p>{t('profile.everywhereConfirm')}</p>
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={() => setConfirm(false)}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button-danger" onClick={() => void run()}>
            {t('profile.everywhere')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
