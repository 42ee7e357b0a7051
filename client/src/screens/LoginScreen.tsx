/**
 * Sign in with email and password (Enter submits, it is a form), or through the OpenID Connect
 * provider's button. With `STAFETTE_LOCAL_LOGIN=false` and no LDAP the password form is for
 * administrators only, folded into an "Administrator-Anmeldung" disclosure.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { useSession } from '../session/session.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { AuthForm, AuthLayout } from './AuthLayout.tsx';
import { FormError } from '../ui/FormError.tsx';
import { OidcSignInButton, useOidcLoginError } from './OidcSignIn.tsx';
import { useAuthProviders } from './use-auth-providers.ts';
import { SecondFactorLoginStep } from '../profile/SecondFactorLoginStep.tsx';
import { secondFactorChallengeOf } from '../profile/two-factor-errors.ts';

export function LoginScreen() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const providers = useAuthProviders();
  // With LDAP / Active Directory the field also takes the Windows login name.
  const ldap = providers?.ldap === true;
  const oidc = providers?.oidc ?? null;
  // Password sign-in only for administrators (LDAP sign-in uses the same form, so it stays open then).
  const adminsOnly = providers !== null && !providers.local && !ldap;
  const oidcError = useOidcLoginError();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Set when the password was right and the account asks for its second factor.
  const [challenge, setChallenge] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction((caught) => {
    const type = problemType(caught);
    if (type === 'invalid-credentials') return t(ldap ? 'login.invalidDirectory' : 'login.invalid');
    if (type === 'directory-unavailable') return t('login.directoryUnavailable');
    if (type === 'too-many-requests') return t('login.tooMany');
    if (type === 'local-login-disabled') return t('login.localDisabled');
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

  const intro = oidc && !ldap ? t('login.introOidc', { name: oidc.name }) : t(ldap ? 'login.introDirectory' : 'login.intro');
  const form = (
    <AuthForm onSubmit={submit} error={error} busy={busy} submitLabel={t('login.submit')} busyLabel={t('login.submitting')}>
      <div className="field">
        <label htmlFor="login-email">{t(ldap ? 'login.emailOrDirectory' : 'login.email')}</label>
        <input
          id="login-email"
          name="email"
          type={ldap ? 'text' : 'email'}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          {...(ldap ? { 'aria-describedby': 'login-email-hint' } : {})}
        />
        {ldap && (
          <p id="login-email-hint" className="field-hint">
            {t('login.directoryHint')}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </div>
    </AuthForm>
  );

  return (
    <AuthLayout title={t('login.title')} intro={intro}>
      <FormError message={oidcError} />
      {oidc && <OidcSignInButton name={oidc.name} />}
      {oidc && !adminsOnly && (
        <p className="auth-separator">
          <span>{t('login.or')}</span>
        </p>
      )}
      {adminsOnly ? (
        <details className="auth-admin" open={!oidc}>
          <summary>{t('login.adminDisclosure')}</summary>
          <p className="field-hint">{t('login.adminHint')}</p>
          {form}
        </details>
      ) : (
        form
      )}
    </AuthLayout>
  );
}
