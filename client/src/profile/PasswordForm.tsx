/**
 * Changing the own password; checks length and confirmation before asking the server. API tokens
 * are revoked with it unless the user unticks the box: whoever knew the old password may have made one.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '@stafette/api/limits';
import { problemType } from '../api/http.ts';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { profileApi } from './api.ts';
import { ProfileSection } from './ProfileSection.tsx';
import { RevokeTokensCheckbox } from './RevokeTokensCheckbox.tsx';
import { cleanCode, twoFactorError } from './two-factor-errors.ts';

export function PasswordForm({ onChanged }: { onChanged(tokensRevoked: boolean): void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(true);
  // With two-factor sign-in on, the server may ask for a current code (second-factor-required).
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAction<{ field: 'current' | 'next' | 'repeat' | 'code'; message: string }>((err) => {
    const type = problemType(err);
    if (type === 'second-factor-required') setNeedsCode(true);
    if (type === 'second-factor-required' || type === 'invalid-second-factor') return { field: 'code', message: twoFactorError(err, t) };
    return { field: 'current', message: type === 'wrong-password' ? t('profile.wrongPassword') : errorMessage(err, t) };
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ([...next].length < PASSWORD_MIN_LENGTH) return setError({ field: 'next', message: t('profile.passwordTooShort', { count: PASSWORD_MIN_LENGTH }) });
    if (next !== repeat) return setError({ field: 'repeat', message: t('profile.passwordMismatch') });
    void run(async () => {
      await profileApi.changePassword(current, next, revokeTokens, needsCode ? code : undefined);
      setCurrent('');
      setNext('');
      setRepeat('');
      setNeedsCode(false);
      setCode('');
      onChanged(revokeTokens);
    });
  };

  const invalid = (field: 'current' | 'next' | 'repeat' | 'code') => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'password-error' } : {});

  return (
    <ProfileSection id="profile-password" title={t('profile.password')}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="password-current">{t('profile.currentPassword')}</label>
          <input id="password-current" type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required {...invalid('current')} />
        </div>
        <div className="field">
          <label htmlFor="password-new">{t('profile.newPassword')}</label>
          <input id="password-new" type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} required aria-describedby="password-hint" {...invalid('next')} />
          <p id="password-hint" className="field-hint">
            {t('profile.passwordHint', { count: PASSWORD_MIN_LENGTH })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="password-repeat">{t('profile.confirmPassword')}</label>
          <input id="password-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.target.value)} required {...invalid('repeat')} />
        </div>
        <RevokeTokensCheckbox id="password-revoke-tokens" checked={revokeTokens} onChange={setRevokeTokens} />
        {needsCode && (
          <div className="field">
            <label htmlFor="password-totp-code">{t('profile.stepUpCode')}</label>
            <input id="password-totp-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(event) => setCode(cleanCode(event.target.value))} autoFocus {...invalid('code')} />
            <p className="field-hint">{t('profile.stepUpHint')}</p>
          </div>
        )}
        {error && (
          <p id="password-error" className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('profile.changePassword')}
        </button>
      </form>
    </ProfileSection>
  );
}
