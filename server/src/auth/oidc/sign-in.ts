import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import type { OidcLoginError } from '@stafette/api';
import { recordAudit } from '../../audit/record.ts';
import { applyGroupMappings } from '../../directory/group-mappings.ts';
import { provisionDirectoryUser } from '../../directory/provision.ts';
import { Problem } from '../../http/problem.ts';
import { sessionPolicyOf } from '../plugin.ts';
import { createSession, endSession } from '../sessions.ts';
import type { PendingLogin } from './login-states.ts';
import { type OidcProvider, ProviderUnavailable } from './provider-client.ts';

/** A refused sign-in: the browser is sent to the login screen with `code`; `reason` goes to the log only. */
export class OidcLoginFailure extends Error {
  constructor(
    readonly code: OidcLoginError,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

export interface CallbackRequest {
  ip: string;
  userAgent: string | null;
  /** The session the browser still carried: it ends, so the session id rotates at sign-in. */
  replaces: string | null;
}

/** The person as the provider describes them, from the ID token and UserInfo together. */
export interface ProviderPerson {
  issuer: string;
  subject: string;
  email: string;
  displayName: string;
  groups: string[];
  sid: string | null;
  idToken: string;
}

const DENIED = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);
const UNAVAILABLE = new Set(['server_error', 'temporarily_unavailable']);

/** What went wrong at the provider or in its answer, as the login screen tells it. */
function classify(error: unknown): OidcLoginFailure {
  if (error instanceof OidcLoginFailure) return error;
  const message = (error as Error)?.message ?? String(error);
  if (error instanceof ProviderUnavailable) return new OidcLoginFailure('oidc-unavailable', message, { cause: error });
  if (error instanceof client.AuthorizationResponseError) {
    const code = DENIED.has(error.error) ? 'oidc-denied' : UNAVAILABLE.has(error.error) ? 'oidc-unavailable' : 'oidc-token-invalid';
    return new OidcLoginFailure(code, `provider answered ${error.error}: ${error.error_description ?? ''}`, { cause: error });
  }
  // The token endpoint refused the code (used already, expired, not ours): invalid_grant and the like.
  if (error instanceof client.ResponseBodyError) return new OidcLoginFailure('oidc-token-invalid', `token endpoint: ${error.error} ${error.error_description ?? ''}`, { cause: error });
  // openid-client's (and oauth4webapi's) checks of the answer and the ID token carry an OAUTH_* code.
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code.startsWith('OAUTH_')) return new OidcLoginFailure('oidc-token-invalid', `${code}: ${message}`, { cause: error });
  return new OidcLoginFailure('oidc-unavailable', message, { cause: error });
}

function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The groups claim: a list of names or DNs (some providers send one string). */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
}

/**
 * Redeems the provider's answer: the code for tokens (PKCE verifier, state, nonce, and the ID
 * token's signature, issuer, audience and times checked by openid-client), then UserInfo for the
 * claims many providers keep there. Throws OidcLoginFailure.
 */
export async function redeem(provider: OidcProvider, pending: PendingLogin, search: string): Promise<ProviderPerson> {
  const params = new URLSearchParams(search);
  // Our own look first: an answer to someone else's sign-in (or none) is refused as such.
  if (params.get('state') !== pending.state) throw new OidcLoginFailure('oidc-state-invalid', 'state does not match the sign-in in flight');
  try {
    const { config } = await provider.discover();
    const currentUrl = new URL(provider.options.redirectUri);
    currentUrl.search = search;
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new OidcLoginFailure('oidc-token-invalid', 'no ID token');
    let userInfo: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    // UserInfo adds what the ID token leaves out; the ID token's own statements stand.
    const claims: Record<string, unknown> = { ...userInfo, ...idClaims };
    const email = stringClaim(claims, 'email');
    if (!email) throw new OidcLoginFailure('oidc-claims-missing', 'the provider sent no email claim (scope email, or a UserInfo mapper)');
    const given = [stringClaim(claims, 'given_name'), stringClaim(claims, 'family_name')].filter(Boolean).join(' ');
    const displayName = stringClaim(claims, 'name') ?? (given || null) ?? stringClaim(claims, 'preferred_username') ?? email.split('@')[0]!;
    return {
      issuer: idClaims.iss,
      subject: idClaims.sub,
      email,
      displayName,
      groups: groupsOf(claims, provider.options.groupsClaim),
      sid: typeof idClaims.sid === 'string' ? idClaims.sid : null,
      idToken: tokens.id_token,
    };
  } catch (error) {
    throw classify(error);
  }
}

/**
 * Signs the person in: their account (created on first sign-in, keyed by issuer and subject),
 * the roles their groups map to, and a session that remembers the provider session (for
 * back-channel logout and for ending it at sign-out). One transaction; the audit entries with it.
 */
export async function signInPerson(app: FastifyInstance, person: ProviderPerson, request: CallbackRequest): Promise<{ token: string; csrfToken: string; userId: string }> {
  const system = { actorId: null, ip: request.ip };
  try {
    const { result, mapping } = await app.db.transaction().execute(async (trx) => {
      const { userId, created } = await provisionDirectoryUser(
        trx,
        { provider: 'oidc', issuer: person.issuer, subject: person.subject, email: person.email, displayName: person.displayName },
        system,
        { linkByEmail: app.config.directory.linkByEmail },
      );
      const mapping = await applyGroupMappings(trx, userId, person.groups, system);
      if (request.replaces) await endSession(trx, request.replaces);
      const session = await createSession(trx, userId, sessionPolicyOf(app), { ip: request.ip, userAgent: request.userAgent });
      await trx
        .insertInto('oidc_sessions')
        .values({ session_id: session.id, issuer: person.issuer, subject: person.subject, sid: person.sid, id_token: person.idToken })
        .execute();
      await recordAudit(trx, { actorId: userId, ip: request.ip, action: 'auth.login', targetType: 'user', targetId: userId, detail: { method: 'oidc', created } });
      return { result: { token: session.token, csrfToken: session.csrfToken, userId }, mapping };
    });
    // Roles the groups changed apply to open sockets too.
    if (mapping.instanceRoleChanged) app.events.emit('user.changed', result.userId);
    for (const spaceId of mapping.spacesChanged) app.events.emit('membership.changed', spaceId, result.userId);
    return result;
  } catch (error) {
    if (error instanceof Problem && (error.slug === 'account-link-not-allowed' || error.slug === 'account-deactivated')) {
      throw new OidcLoginFailure(error.slug, error.detail ?? error.title, { cause: error });
    }
    throw error;
  }
}
