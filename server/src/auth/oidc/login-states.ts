import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { DB } from '../../db/schema.ts';
import { randomToken, tokenHash } from '../secrets.ts';

/** How long a started sign-in may take at the provider (typing a password, a second factor). */
export const LOGIN_STATE_TTL_SECONDS = 15 * 60;

export interface StartedLogin {
  /** The browser's cookie value: the sign-in in flight belongs to the browser that started it. */
  cookie: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/**
 * Records a sign-in in flight: state, nonce and the PKCE verifier stay on the server, found by
 * the hash of the browser's cookie. Expired ones are removed on the way.
 */
export async function startLogin(db: Kysely<DB>, returnTo: string): Promise<StartedLogin> {
  const cookie = randomToken();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await db.deleteFrom('oidc_login_states').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('oidc_login_states')
    .values({
      id: tokenHash(cookie),
      state,
      nonce,
      code_verifier: codeVerifier,
      return_to: returnTo,
      expires_at: new Date(Date.now() + LOGIN_STATE_TTL_SECONDS * 1000),
    })
    .execute();
  return { cookie, state, nonce, codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier) };
}

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** The browser's sign-in in flight, removed as it is read: a callback is answered once. Null when there is none (or it expired). */
export async function takeLogin(db: Kysely<DB>, cookie: string | undefined): Promise<PendingLogin | null> {
  if (!cookie) return null;
  const row = await db.deleteFrom('oidc_login_states').where('id', '=', tokenHash(cookie)).returningAll().executeTakeFirst();
  if (!row || row.expires_at.getTime() <= Date.now()) return null;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to };
}
