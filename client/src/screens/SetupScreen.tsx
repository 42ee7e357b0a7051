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
import { useAction } from '../ui/use-action.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';

export function SetupScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [required, setRequired] = useState<boolean | null>(null);
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const { busy, error, run } = useAction((caught) => {
    switch (problemType(caught)) {
      case 'setup-token-invalid':
        return t('setup.invalidToken');
      case 'setup-done':
        // Someone finished the set-up meanwhile: the screen says so instead of an error.
        setRequired(false);
        return null;
      default:
        return errorMessage(caught, t);
    }
  });

  useEffect(() => {
    setupApi
      .status()
      .then((status) => setRequired(status.required))
      .catch(() => setRequired(true));
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await signedIn(await setupApi.create({ token, ...form }));
      navigate('/', { replace: true });
    });
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
      <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('setup.submit')} busyLabel={t('setup.submitting')}>
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
      </AuthForm>
    </AuthLayout>
  );
}
