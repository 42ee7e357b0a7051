/** Sign in with email and password; Enter submits (it is a form). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { useSession } from '../session/session.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';

export function LoginScreen() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction((caught) => {
    const type = problemType(caught);
    if (type === 'invalid-credentials') return t('login.invalid');
    if (type === 'too-many-requests') return t('login.tooMany');
    return errorMessage(caught, t);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => signedIn(await authApi.login(email, password)));
  };

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
