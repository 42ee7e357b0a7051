import { type Kysely, sql } from 'kysely';

/**
 * Directory sign-in (OpenID Connect, LDAP/Active Directory): the identities that link an account
 * to a directory entry, the group → role mappings administrators keep, and the runs of the LDAP
 * directory sync. Accounts made from a directory have no local password (password_hash NULL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`.execute(db);

  await sql`
    CREATE TABLE user_identities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      provider text NOT NULL CHECK (provider IN ('oidc', 'ldap')),
      issuer text NOT NULL,
      subject text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (provider, issuer, subject)
    )`.execute(db);
  await sql`CREATE INDEX user_identities_user_idx ON user_identities (user_id)`.execute(db);

  await sql`
    CREATE TABLE directory_group_mappings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_name text NOT NULL CHECK (length(group_name) BETWEEN 1 AND 1000),
      space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (
        (space_id IS NULL AND role IN ('admin', 'knowledge_manager'))
        OR (space_id IS NOT NULL AND role IN ('reader', 'editor', 'owner'))
      ),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One row per (group, space or instance, role); NULL space ids count as equal (the instance).
  await sql`
    CREATE UNIQUE INDEX directory_group_mappings_key ON directory_group_mappings
      (lower(group_name), coalesce(space_id, '00000000-0000-0000-0000-000000000000'::uuid), role)`.execute(db);

  await sql`
    CREATE TABLE directory_sync_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      trigger text NOT NULL CHECK (trigger IN ('timer', 'admin', 'cli')),
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'refused', 'failed')),
      directory_accounts integer,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      deactivated integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      error text
    )`.execute(db);
  await sql`CREATE INDEX directory_sync_runs_started_idx ON directory_sync_runs (started_at DESC)`.execute(db);
}
