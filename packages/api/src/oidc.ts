/**
 * Sign-in through a directory: the providers the login screen offers (`/auth/providers`) and the
 * OpenID Connect routes (`/auth/oidc/*`), which the browser reaches by navigation, not by fetch.
 */
import { type Static, Type } from 'typebox';
import { Nullable } from './common.ts';

/** What the login screen offers: the password form, the OpenID Connect button, directory login names. */
export const AuthProvidersSchema = Type.Object({
  /** Password sign-in for everyone; false: only administrators, behind "Administrator-Anmeldung". */
  local: Type.Boolean(),
  /** The OpenID Connect provider, labelled by its configured name; null when not configured. */
  oidc: Nullable(Type.Object({ name: Type.String() })),
  /** LDAP / Active Directory: the login field also takes a directory login name. */
  ldap: Type.Boolean(),
});
export type AuthProviders = Static<typeof AuthProvidersSchema>;

/** Where to go after signing in: a path of this site (anything else becomes `/`). */
export const OidcLoginQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) });

/** The provider's answer (RFC 6749 §4.1.2); providers add parameters of their own (`iss`, `session_state`). */
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
);

/** OpenID Connect Back-Channel Logout 1.0: the provider posts the logout token as a form field. */
export const BackchannelLogoutBody = Type.Object({ logout_token: Type.String({ minLength: 1, maxLength: 16384 }) });

/** Back-Channel Logout 1.0 wants 200 OK; the body says nothing more. */
export const BackchannelLogoutAnswer = Type.Object({}, { description: 'The sessions the token names have ended' });

/** A sign-out whose session came from the provider: the browser goes on to end the provider session there. */
export const LogoutResultSchema = Type.Object({ endSessionUrl: Type.String() });
export type LogoutResult = Static<typeof LogoutResultSchema>;

/**
 * Why an OpenID Connect sign-in was refused: the callback redirects to `/?loginError=<code>` and
 * the login screen explains it. No session is created in any of these cases.
 */
export const OIDC_LOGIN_ERRORS = [
  // No sign-in of this browser in flight, or the answer's state is not its own (replayed, forged, expired).
  'oidc-state-invalid',
  // The person cancelled or was refused at the provider.
  'oidc-denied',
  // The provider refused the code (used already) or its ID token failed a check (signature, issuer, audience, expiry, nonce).
  'oidc-token-invalid',
  // The provider could not be reached or answered nonsense.
  'oidc-unavailable',
  // The provider sent no e-mail address for the person.
  'oidc-claims-missing',
  // A local account has this e-mail and linking is not allowed (STAFETTE_DIRECTORY_LINK_BY_EMAIL).
  'account-link-not-allowed',
  // The account is deactivated in Stafette.
  'account-deactivated',
] as const;
export type OidcLoginError = (typeof OIDC_LOGIN_ERRORS)[number];
