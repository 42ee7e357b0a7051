import { type Kysely, sql } from 'kysely';

/**
 * Knowledge management III (server/src/onboarding, server/src/knowledge-gaps): reading paths
 * for newcomers with their progress, and what searches did not find, aggregated without
 * naming who searched.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A reading path: ordered pages and process steps with a note each. A path made from an
  // interview's reading list remembers the interview.
  await sql`
    CREATE TABLE reading_paths (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      interview_id uuid REFERENCES interviews (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX reading_paths_created_by_idx ON reading_paths (created_by)`.execute(db);

  // Items keep the position they were given: the position is the item's index in the API.
  await sql`
    CREATE TABLE reading_path_items (
      path_id uuid NOT NULL REFERENCES reading_paths (id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 0),
      page_id uuid REFERENCES pages (id) ON DELETE CASCADE,
      process_id uuid,
      element_id text,
      note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
      PRIMARY KEY (path_id, position),
      FOREIGN KEY (process_id, element_id) REFERENCES process_steps (process_id, element_id) ON DELETE CASCADE,
      CHECK ((page_id IS NOT NULL) <> (process_id IS NOT NULL AND element_id IS NOT NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE reading_path_assignments (
      path_id uuid NOT NULL REFERENCES reading_paths (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (path_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX reading_path_assignments_user_idx ON reading_path_assignments (user_id)`.execute(db);

  // When the newcomer marked an item read; a page changed after done_at counts as unread again.
  await sql`
    CREATE TABLE reading_path_progress (
      path_id uuid NOT NULL,
      user_id uuid NOT NULL,
      position integer NOT NULL,
      done_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (path_id, user_id, position),
      FOREIGN KEY (path_id, user_id) REFERENCES reading_path_assignments (path_id, user_id) ON DELETE CASCADE,
      FOREIGN KEY (path_id, position) REFERENCES reading_path_items (path_id, position) ON DELETE CASCADE
    )`.execute(db);

  // Knowledge gaps. Distinct askers are counted with a keyed hash of (key, user, query): the
  // key is replaced after a period and deleted with every hash made with it, so no stored
  // value leads back to a person. Only the current key row exists.
  await sql`
    CREATE TABLE search_gap_keys (
      id serial PRIMARY KEY,
      secret bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE search_gap_askers (
      key_id integer NOT NULL REFERENCES search_gap_keys (id) ON DELETE CASCADE,
      query text NOT NULL,
      asker bytea NOT NULL,
      PRIMARY KEY (key_id, query, asker)
    )`.execute(db);

  // One row per normalised query; shown_since is set once enough different people asked it
  // within one key period; page_id once someone wrote the missing page.
  await sql`
    CREATE TABLE search_gaps (
      query text PRIMARY KEY CHECK (char_length(query) BETWEEN 1 AND 200),
      first_searched_at timestamptz NOT NULL DEFAULT now(),
      last_searched_at timestamptz NOT NULL DEFAULT now(),
      shown_since timestamptz,
      page_id uuid REFERENCES pages (id) ON DELETE SET NULL
    )`.execute(db);
  await sql`
    CREATE TABLE search_gap_days (
      query text NOT NULL REFERENCES search_gaps (query) ON DELETE CASCADE,
      day date NOT NULL,
      no_hits integer NOT NULL DEFAULT 0,
      no_click integer NOT NULL DEFAULT 0,
      PRIMARY KEY (query, day)
    )`.execute(db);
  await sql`CREATE INDEX search_gap_days_day_idx ON search_gap_days (day)`.execute(db);
  await sql`
    CREATE TABLE search_gap_spaces (
      query text NOT NULL REFERENCES search_gaps (query) ON DELETE CASCADE,
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      searches integer NOT NULL DEFAULT 0,
      PRIMARY KEY (query, space_id)
    )`.execute(db);
}
