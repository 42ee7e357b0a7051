import { type Kysely, sql } from 'kysely';

/**
 * Knowledge management III, second part (server/src/people, server/src/dashboard): expertise
 * tags people declare themselves, the suggested tags they chose to hide, and one row per day
 * of documentation coverage so the management dashboard can show it over time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Tags a person declared about themselves ("Sondernutzung", "Vergaberecht"). One spelling per
  // tag regardless of case.
  await sql`
    CREATE TABLE person_tags (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tag text NOT NULL CHECK (char_length(tag) BETWEEN 1 AND 60),
      position integer NOT NULL CHECK (position >= 0),
      PRIMARY KEY (user_id, tag)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX person_tags_lower_idx ON person_tags (user_id, lower(tag))`.execute(db);
  await sql`CREATE INDEX person_tags_tag_idx ON person_tags (lower(tag))`.execute(db);

  // Suggested tags (derived from what someone wrote) that they do not want shown or searched.
  await sql`
    CREATE TABLE person_hidden_tags (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      tag text NOT NULL CHECK (char_length(tag) BETWEEN 1 AND 60),
      PRIMARY KEY (user_id, tag)
    )`.execute(db);

  // Documentation coverage of the current process steps, one snapshot per day (taken by one
  // instance; the first start backfills today's).
  await sql`
    CREATE TABLE coverage_snapshots (
      day date PRIMARY KEY,
      steps integer NOT NULL CHECK (steps >= 0),
      documented integer NOT NULL CHECK (documented >= 0 AND documented <= steps),
      taken_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
