import type { Kysely } from 'kysely';
import type { Auth } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';

/**
 * What a socket was opened with. A socket outlives the request that opened it, so when a user's
 * credentials are revoked (signed out, signed out everywhere, password changed, API token
 * revoked) the server looks again whether each socket's own credential still stands.
 */
export type Credential =
  | { kind: 'session'; id: string }
  | { kind: 'api-token'; id: string }
  /** `hash`: the token's hash, as `collab_tokens` stores it. */
  | { kind: 'collab-token'; hash: string };

/** The credential behind a request the auth plugin authenticated. */
export function credentialOf(auth: Auth): Credential {
  if (auth.via === 'session' && auth.sessionId) return { kind: 'session', id: auth.sessionId };
  if (auth.via === 'token' && auth.tokenId) return { kind: 'api-token', id: auth.tokenId };
  throw new Error(`authenticated ${auth.via} request without its id`);
}

/**
 * Whether a revocation of the user's credentials may concern this one. Collaboration tokens
 * are withdrawn only together with every session (signed out everywhere, password changed);
 * otherwise they are not looked at: an expired one's row is cleared by the next token issued
 * (collab-tokens.ts), and an open socket is not closed because its token merely ran out.
 */
export function mayBeRevoked(credential: Credential, everywhere: boolean): boolean {
  return credential.kind !== 'collab-token' || everywhere;
}

/**
 * Whether the credential still stands: its session was not ended, its API token not revoked, its
 * collaboration token not withdrawn. Expiry is not looked at: a socket is kept while it is open
 * (an editing session may outlast a token's minutes); revocation closes it.
 */
export async function credentialStands(db: Kysely<DB>, credential: Credential): Promise<boolean> {
  switch (credential.kind) {
    case 'session':
      return (await db.selectFrom('sessions').select('id').where('id', '=', credential.id).executeTakeFirst()) !== undefined;
    case 'api-token':
      return (await db.selectFrom('api_tokens').select('id').where('id', '=', credential.id).where('revoked_at', 'is', null).executeTakeFirst()) !== undefined;
    case 'collab-token':
      return (await db.selectFrom('collab_tokens').select('token_hash').where('token_hash', '=', credential.hash).executeTakeFirst()) !== undefined;
  }
}

/** One key per credential, to check each once however many sockets it opened. */
export function credentialKey(credential: Credential): string {
  return credential.kind === 'collab-token' ? `${credential.kind}:${credential.hash}` : `${credential.kind}:${credential.id}`;
}
