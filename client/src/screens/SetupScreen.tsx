/**
 * First start: the server printed `/setup?token=…`; this form creates the first administrator
 * with that token and signs them in.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH } from '@stafette/api/limits';
import { setupApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { useSession } from '../session/session.tsx';
import { errorMessage } from '../ui/errors.ts';
import { AuthLayout } from './AuthLayout.tsx';
import { FormError } from '../ui/FormError.tsx';

export function SetupScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [required, setRequired] = useState<boolean | null>(null);
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setupApi
      .status()
      .then((status) => setRequired(status.required))
      .catch(() => setRequired(true));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await setupApi.create({ token, ...form });
      await signedIn(session);
      navigate('/', { replace: true });
    } catch (caught) {
      setBusy(false);
      const type = problemType(caught);
      if (type === 'setup-token-invalid') setError(t('setup.invalidToken'));
      else if (type === 'setup-done') setRequired(false);
      else setError(errorMessage(caught, t));
    }
  };

  if (required === null) return <p className="splash">{t('common.loading')}</p>;
  if (!required) {
    return (
      <AuthLayout title={t('setup.title')} intro={t('setup.done')}>
        <Link to="/" className="button button-primary button-block">
          {t('setup.toLogin')}
        </Link>
      </AuthLayout>
    );
  }
  if (!token) return <AuthLayout title={t('setup.title')} intro={t('setup.missingToken')}>{null}</AuthLayout>;

  const field = (name: keyof typeof form, type: string, autoComplete: string, extra: Record<string, unknown> = {}) => (
    <input
      id={`setup-${name}`}
      name={name}
      type={type}
      autoComplete={autoComplete}
      required
      value={form[name]}
      onChange={(event) => setForm({ ...form, [name]: event.target.value })}
      {...extra}
    />
  );

  return (
    <AuthLayout title={t('setup.title')} intro={t('setup.intro')}>
      <form onSubmit={(event) => void submit(event)} className="auth-form">
        <div className="field">
          <label htmlFor="setup-displayName">{t('setup.displayName')}</label>
          {field('displayName', 'text', 'name', { autoFocus: true, maxLength: DISPLAY_NAME_MAX_LENGTH })}
        </div>
        <div className="field">
          <label htmlFor="setup-email">{t('setup.email')}</label>
          {field('email', 'email', 'username', { maxLength: EMAIL_MAX_LENGTH })}
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('setup.password')}</label>
          {field('password', 'password', 'new-password', { minLength: 12, 'aria-describedby': 'setup-password-hint' })}
          <p id="setup-password-hint" className="field-hint">
            {t('setup.passwordHint')}
          </p>
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
