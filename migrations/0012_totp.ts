import { type Kysely, sql } from 'kysely';

/**
 * Sign-in strength: TOTP second factor (RFC 6238) with one-time recovery codes, short-lived
 * login challenges between the password and the code, the instance setting that requires a
 * second factor of admins and knowledge managers, and API tokens limited to chosen spaces.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE user_totp (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      -- The shared secret, AES-GCM encrypted when STAFETTE_SECRET_KEY is set; never sent after enrolment.
      secret text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- NULL while enrolment waits for the first valid code.
      confirmed_at timestamptz,
      -- The last accepted time step: a code of that step or an earlier one is refused (replay).
      last_step bigint
    )`.execute(db);

  await sql`
    CREATE TABLE user_recovery_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id)`.execute(db);

  await sql`
    CREATE TABLE login_challenges (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      failed_attempts integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX login_challenges_user_idx ON login_challenges (user_id)`.execute(db);

  // When this session last proved the second factor (sign-in or a code): sensitive changes ask again after a while.
  await sql`ALTER TABLE sessions ADD COLUMN second_factor_at timestamptz`.execute(db);

  await sql`
    CREATE TABLE security_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      require_second_factor boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`INSERT INTO security_settings (id) VALUES (true)`.execute(db);

  // A token limited to spaces sees and does only what its user may in them; no row: no limit.
  await sql`ALTER TABLE api_tokens ADD COLUMN space_limited boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    CREATE TABLE api_token_spaces (
      token_id uuid NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      PRIMARY KEY (token_id, space_id)
    )`.execute(db);
}
