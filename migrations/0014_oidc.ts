import { type Kysely, sql } from 'kysely';

/**
 * OpenID Connect sign-in: the sign-ins in flight (state, nonce and PKCE verifier, found by the
 * hash of a short-lived browser cookie and used once), the provider session behind a Stafette
 * session (its `sid` for back-channel logout, the ID token as the hint for ending it at the
 * provider) and the logout tokens already used (`jti`, refused when replayed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE oidc_login_states (
      id text PRIMARY KEY,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX oidc_login_states_expires_idx ON oidc_login_states (expires_at)`.execute(db);

  await sql`
    CREATE TABLE oidc_sessions (
      session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      issuer text NOT NULL,
      subject text NOT NULL,
      sid text,
      id_token text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX oidc_sessions_subject_idx ON oidc_sessions (issuer, subject)`.execute(db);
  await sql`CREATE INDEX oidc_sessions_sid_idx ON oidc_sessions (issuer, sid)`.execute(db);

  await sql`
    CREATE TABLE oidc_logout_tokens (
      issuer text NOT NULL,
      jti text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (issuer, jti)
    )`.execute(db);
}
