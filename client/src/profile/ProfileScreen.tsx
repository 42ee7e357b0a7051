/** The own account: name and language, password, two-factor sign-in, signed-in sessions, personal API tokens, sign out everywhere. */
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DISPLAY_NAME_MAX_LENGTH } from '@stafette/api/limits';
import type { Locale } from '../i18n/index.ts';
import { LocaleSelect } from '../ui/LocaleSelect.tsx';
import { useSession, useUser } from '../session/session.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { twoFactorApi } from './api.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { PasswordForm } from './PasswordForm.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { RevokeTokensCheckbox } from './RevokeTokensCheckbox.tsx';
import { SessionsSection } from './SessionsSection.tsx';
import { TokensSection } from './TokensSection.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';
import { MailPreferencesSection } from '../notifications/MailPreferencesSection.tsx';
import { KeptOfflineSection } from '../offline/KeptOfflineSection.tsx';
import '../admin/admin.css';
import { FormError } from '../ui/FormError.tsx';

export function ProfileScreen() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  // Remounting the token list reloads it after a password change revoked the tokens.
  const [tokenList, setTokenList] = useState(0);
  // A password change ends the other sessions: the sessions list reloads after each.
  const [sessionList, setSessionList] = useState(0);
  useDocumentTitle(t('profile.title'));
  // Directory accounts have no local password to change (their provider owns it).
  const factor = useAsync(() => twoFactorApi.status(), []);
  const hasLocalPassword = factor.status === 'done' && factor.value.available;

  return (
    <div className="content profile">
      <h1>{t('profile.title')}</h1>
      <DetailsForm onSaved={() => setNotice(t('profile.saved'))} />
      {hasLocalPassword && (
        <PasswordForm
          onChanged={(tokensRevoked) => {
            setNotice(t('profile.passwordChanged'));
            setSessionList((n) => n + 1);
            if (tokensRevoked) setTokenList((n) => n + 1);
          }}
        />
      )}
      <TwoFactorSection onNotice={setNotice} />
      <SessionsSection key={`sessions-${sessionList}`} onNotice={setNotice} />
      <TokensSection key={`tokens-${tokenList}`} onNotice={setNotice} />
      <MailPreferencesSection onNotice={setNotice} />
      <KeptOfflineSection />
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
  const { busy, error, setError, run } = useAction();

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) return setError(t('profile.nameRequired'));
    void run(async () => {
      await updateProfile({ displayName: displayName.trim(), locale });
      onSaved();
    });
  };

  return (
    <ProfileSection id="profile-details" title={t('profile.details')}>
      <form onSubmit={save} noValidate>
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
          <LocaleSelect id="profile-language" value={locale} onChange={setLocale} />
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </ProfileSection>
  );
}

function SignOutEverywhere() {
  const { t } = useTranslation();
  const { signOutEverywhere } = useSession();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState(false);
  const [revokeTokens, setRevokeTokens] = useState(true);
  const { error, run } = useAction();
  const signOut = async () => {
    if (await run(() => signOutEverywhere(revokeTokens))) navigate('/');
    else setConfirm(false);
  };
  return (
    <ProfileSection id="profile-everywhere" title={t('profile.everywhere')}>
      <p>{t('profile.everywhereIntro')}</p>
      <RevokeTokensCheckbox id="everywhere-revoke-tokens" checked={revokeTokens} onChange={setRevokeTokens} />
      <FormError message={error} />
      <button type="button" className="button button-secondary" onClick={() => setConfirm(true)}>
        {t('profile.everywhere')}
      </button>
      <ConfirmDialog
        title={t('profile.everywhere')}
        open={confirm}
        question={t('profile.everywhereConfirm')}
        confirmLabel={t('profile.everywhere')}
        onConfirm={() => void signOut()}
        onCancel={() => setConfirm(false)}
      />
    </ProfileSection>
  );
}
