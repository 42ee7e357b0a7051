/** Sign in with email and password; Enter submits (it is a form). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { useSession } from '../session/session.tsx';
import { errorMessage } from '../ui/errors.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { FormError } from '../ui/FormError.tsx';

export function LoginScreen() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signedIn(await authApi.login(email, password));
    } catch (caught) {
      setBusy(false);
      const type = problemType(caught);
      if (type === 'invalid-credentials') setError(t('login.invalid'));
      else if (type === 'too-many-requests') setError(t('login.tooMany'));
      else setError(errorMessage(caught, t));
    }
  };

  return (
    <AuthLayout title={t('login.title')} intro={t('login.intro')}>
      <form onSubmit={(event) => void submit(event)} className="auth-form">
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
