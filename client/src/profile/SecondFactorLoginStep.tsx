/**
 * The second sign-in step of an account with two-factor sign-in: a code from the authenticator
 * app, or one of the recovery codes. A challenge that expired sends the user back to the password.
 */
import { useState, type FormEvent } from 'react';
import './two-factor.css';
import { useTranslation } from 'react-i18next';
import type { Session } from '@stafette/api';
import { problemType } from '../api/http.ts';
import { AuthForm, AuthLayout } from '../screens/AuthLayout.tsx';
import { useAction } from '../ui/use-action.ts';
import { twoFactorApi } from './api.ts';
import { cleanCode, twoFactorError } from './two-factor-errors.ts';

export function SecondFactorLoginStep({ challenge, onSignedIn, onRestart }: { challenge: string; onSignedIn(session: Session): Promise<void>; onRestart(message: string): void }) {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const { busy, error, setError, run } = useAction((caught) => {
    if (problemType(caught) === 'login-challenge-invalid') {
      onRestart(t('profile.twoFactor.challengeExpired'));
      return null;
    }
    return twoFactorError(caught, t);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!useRecovery && value.length !== 6) return setError(t('profile.twoFactor.codeSixDigits'));
    if (useRecovery && !value.trim()) return setError(t('profile.twoFactor.recoveryNeeded'));
    void run(async () => onSignedIn(await twoFactorApi.login(challenge, useRecovery ? { recoveryCode: value } : { code: value })));
  };

  const switchMode = () => {
    setUseRecovery((v) => !v);
    setValue('');
    setError(null);
  };

  return (
    <AuthLayout title={t('profile.twoFactor.loginTitle')} intro={useRecovery ? t('profile.twoFactor.loginRecoveryIntro') : t('profile.twoFactor.loginIntro')}>
      <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('login.submit')} busyLabel={t('login.submitting')}>
        <div className="field">
          <label htmlFor="login-second-factor">{useRecovery ? t('profile.twoFactor.recoveryCode') : t('profile.twoFactor.code')}</label>
          <input
            id="login-second-factor"
            name={useRecovery ? 'recovery-code' : 'one-time-code'}
            type="text"
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            required
            autoFocus
            spellCheck={false}
            value={value}
            onChange={(event) => setValue(useRecovery ? event.target.value : cleanCode(event.target.value))}
            aria-invalid={error ? true : undefined}
          />
        </div>
      </AuthForm>
      <p className="auth-alternatives">
        <button type="button" className="button button-ghost" onClick={switchMode}>
          {useRecovery ? t('profile.twoFactor.useApp') : t('profile.twoFactor.useRecoveryLogin')}
        </button>
        <button type="button" className="button button-ghost" onClick={() => onRestart('')}>
          {t('profile.twoFactor.back')}
        </button>
      </p>
    </AuthLayout>
  );
}
