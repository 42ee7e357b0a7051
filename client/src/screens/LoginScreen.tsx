/** Sign in with email and password; Enter submits (it is a form). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { useSession } from '../session/session.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';
import { SecondFactorLoginStep } from '../profile/SecondFactorLoginStep.tsx';
import { secondFactorChallengeOf } from '../profile/two-factor-errors.ts';

export function LoginScreen() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Set when the password was right and the account asks for its second factor.
  const [challenge, setChallenge] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction((caught) => {
    const type = problemType(caught);
    if (type === 'invalid-credentials') return t('login.invalid');
    if (type === 'too-many-requests') return t('login.tooMany');
    return errorMessage(caught, t);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      try {
        await signedIn(await authApi.login(email, password));
      } catch (caught) {
        const next = secondFactorChallengeOf(caught);
        if (!next) throw caught;
        setChallenge(next);
      }
    });
  };

  if (challenge) {
    return (
      <SecondFactorLoginStep
        challenge={challenge}
        onSignedIn={signedIn}
        onRestart={(message) => {
          setChallenge(null);
          setPassword('');
          setError(message || null);
        }}
      />
    );
  }

  return (
    <AuthLayout title={t('login.title')} intro={t('login.intro')}>
      <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('login.submit')} busyLabel={t('login.submitting')}>
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </div>
      </AuthForm>
    </AuthLayout>
  );
}
