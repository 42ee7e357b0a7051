import { envInteger } from '../../env-integers.ts';

/** How Stafette signs people in through an OpenID Connect provider (`STAFETTE_OIDC_*`). */
export interface OidcOptions {
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The label of the sign-in button ("Mit <name> anmelden"). */
  name: string;
  /** The ID token or UserInfo claim that lists the person's groups. */
  groupsClaim: string;
  /** Space-separated scopes; always includes `openid`. */
  scopes: string;
  tokenAuth: 'client_secret_basic' | 'client_secret_post';
  /** An http:// issuer is allowed (internal networks, tests); otherwise https only. */
  allowHttp: boolean;
  /** Tolerated difference between our clock and the provider's for token times (seconds). */
  clockSkewSeconds: number;
  /** `STAFETTE_PUBLIC_URL` + `/api/v1/auth/oidc/callback`, registered at the provider. */
  redirectUri: string;
  /** Where the provider sends the browser after signing out there: the public URL's root. */
  postLogoutRedirectUri: string;
}

export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** `true`/`false` (also `1`/`0`, `yes`/`no`, any case); the fallback when unset or empty. */
export function envBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

/**
 * The OpenID Connect options, or null when `STAFETTE_OIDC_ISSUER` is unset. Refuses to start
 * with a half configuration: issuer, client id and secret go together and need the public URL,
 * from which the redirect URI is made.
 */
export function oidcOptionsFrom(env: NodeJS.ProcessEnv, publicUrl: string | null): OidcOptions | null {
  const issuer = (env.STAFETTE_OIDC_ISSUER ?? '').trim();
  const clientId = (env.STAFETTE_OIDC_CLIENT_ID ?? '').trim();
  const clientSecret = env.STAFETTE_OIDC_CLIENT_SECRET ?? '';
  if (issuer === '') {
    if (clientId !== '' || clientSecret !== '') throw new Error('STAFETTE_OIDC_CLIENT_ID and STAFETTE_OIDC_CLIENT_SECRET need STAFETTE_OIDC_ISSUER');
    return null;
  }
  if (clientId === '') throw new Error('STAFETTE_OIDC_ISSUER needs STAFETTE_OIDC_CLIENT_ID');
  if (clientSecret === '') throw new Error('STAFETTE_OIDC_ISSUER needs STAFETTE_OIDC_CLIENT_SECRET');
  const allowHttp = envBoolean(env, 'STAFETTE_OIDC_ALLOW_HTTP', false);
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`STAFETTE_OIDC_ISSUER must be a URL like https://login.example.org/realms/stadt, got "${issuer}"`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new Error(`STAFETTE_OIDC_ISSUER must be an https:// URL (http:// only with STAFETTE_OIDC_ALLOW_HTTP=true), got "${issuer}"`);
  }
  if (url.search !== '' || url.hash !== '') throw new Error(`STAFETTE_OIDC_ISSUER must not carry a query or fragment, got "${issuer}"`);
  if (publicUrl === null) throw new Error('STAFETTE_OIDC_ISSUER needs STAFETTE_PUBLIC_URL (the redirect URI is made from it)');
  const base = publicUrl.replace(/\/+$/, '');

  const tokenAuth = (env.STAFETTE_OIDC_TOKEN_AUTH ?? '').trim() || 'client_secret_basic';
  if (tokenAuth !== 'client_secret_basic' && tokenAuth !== 'client_secret_post') {
    throw new Error(`STAFETTE_OIDC_TOKEN_AUTH must be client_secret_basic or client_secret_post, got "${tokenAuth}"`);
  }
  const scopes = ((env.STAFETTE_OIDC_SCOPES ?? '').trim() || 'openid profile email').split(/\s+/);
  if (!scopes.includes('openid')) throw new Error(`STAFETTE_OIDC_SCOPES must include openid, got "${env.STAFETTE_OIDC_SCOPES}"`);
  const groupsClaim = (env.STAFETTE_OIDC_GROUPS_CLAIM ?? '').trim() || 'groups';
  const name = (env.STAFETTE_OIDC_NAME ?? '').trim() || 'Dienstkonto';
  if (name.length > 60) throw new Error('STAFETTE_OIDC_NAME must be at most 60 characters (it labels the sign-in button)');

  return {
    issuer,
    clientId,
    clientSecret,
    name,
    groupsClaim,
    scopes: scopes.join(' '),
    tokenAuth,
    allowHttp,
    clockSkewSeconds: envInteger(env, 'STAFETTE_OIDC_CLOCK_SKEW_SECONDS', 30),
    redirectUri: base + OIDC_CALLBACK_PATH,
    postLogoutRedirectUri: `${base}/`,
  };
}
