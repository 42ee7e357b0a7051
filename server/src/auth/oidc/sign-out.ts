import type { FastifyInstance } from 'fastify';

/**
 * Where the browser goes to end the provider session too, for a session that came from the
 * provider, when it offers `end_session_endpoint` (RP-Initiated Logout, with the ID token as
 * hint). Null for other sessions, providers without the endpoint, or a provider that cannot be
 * reached (signing out of Stafette never waits on it). Read before the session row goes.
 */
export async function providerSignOutUrl(app: FastifyInstance, sessionId: string): Promise<string | null> {
  if (!app.oidc) return null;
  const row = await app.db.selectFrom('oidc_sessions').select('id_token').where('session_id', '=', sessionId).executeTakeFirst();
  if (!row) return null;
  try {
    return await app.oidc.endSessionUrl(row.id_token);
  } catch (error) {
    app.log.warn({ err: error }, 'OpenID Connect provider unavailable at sign-out');
    return null;
  }
}
