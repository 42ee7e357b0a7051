/**
 * Sign-in through the OpenID Connect provider: a link (a navigation, not a fetch) to the
 * server's start route, which sends the browser to the provider and back to this very path.
 * A refused sign-in comes back as `?loginError=<code>`, told here in words and then removed
 * from the address so a reload does not show it again.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { OidcLoginError } from '@stafette/api';

const ERROR_PARAM = 'loginError';

const MESSAGES: Record<OidcLoginError, string> = {
  'oidc-state-invalid': 'login.oidcErrors.stateInvalid',
  'oidc-denied': 'login.oidcErrors.denied',
  'oidc-token-invalid': 'login.oidcErrors.tokenInvalid',
  'oidc-unavailable': 'login.oidcErrors.unavailable',
  'oidc-claims-missing': 'login.oidcErrors.claimsMissing',
  'account-link-not-allowed': 'login.oidcErrors.linkNotAllowed',
  'account-deactivated': 'login.oidcErrors.deactivated',
};

/** The message for the sign-in the provider sent back refused, or null. */
export function useOidcLoginError(): string | null {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [code] = useState(() => new URLSearchParams(location.search).get(ERROR_PARAM));

  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (!params.has(ERROR_PARAM)) return;
    params.delete(ERROR_PARAM);
    const search = params.toString();
    navigate({ pathname: location.pathname, search: search ? `?${search}` : '', hash: location.hash }, { replace: true });
  }, [location, navigate]);

  if (code === null) return null;
  const key = MESSAGES[code as OidcLoginError];
  return key ? t(key) : t('login.oidcErrors.unknown');
}

/** The provider's button: "Mit <name> anmelden", coming back to the current path afterwards. */
export function OidcSignInButton({ name }: { name: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete(ERROR_PARAM);
  const search = params.toString();
  const returnTo = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
  return (
    <div className="auth-oidc">
      <a className="button button-primary button-block" href={`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`} aria-describedby="login-oidc-hint">
        {t('login.oidcButton', { name })}
      </a>
      <p id="login-oidc-hint" className="field-hint">
        {t('login.oidcHint', { name })}
      </p>
    </div>
  );
}
