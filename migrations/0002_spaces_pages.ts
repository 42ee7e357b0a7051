import { type Kysely, sql } from 'kysely';

/** Spaces (offices, departments), their members and the page tree inside each space. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE spaces (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      archived_at timestamptz,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE space_members (
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('reader', 'editor', 'owner')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (space_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX space_members_user_idx ON space_members (user_id)`.execute(db);

  // position orders siblings (0-based, dense after every tree operation). archive_root_id
  // remembers which archive action archived a page, so restoring a page brings back exactly
  // the subtree that was archived with it and not pages archived on their own before.
  await sql`
    CREATE TABLE pages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      parent_id uuid REFERENCES pages (id) ON DELETE CASCADE,
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 1000),
      position integer NOT NULL DEFAULT 0,
      archived_at timestamptz,
      archive_root_id uuid,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (parent_id IS NULL OR parent_id <> id)
    )`.execute(db);
  await sql`CREATE INDEX pages_space_parent_idx ON pages (space_id, parent_id, position)`.execute(db);
  await sql`CREATE INDEX pages_parent_idx ON pages (parent_id)`.execute(db);
  await sql`CREATE INDEX pages_updated_idx ON pages (updated_at DESC)`.execute(db);
  await sql`CREATE INDEX pages_created_by_idx ON pages (created_by)`.execute(db);
  await sql`CREATE INDEX pages_updated_by_idx ON pages (updated_by)`.execute(db);
}
