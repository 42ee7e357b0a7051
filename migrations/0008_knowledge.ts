import { type Kysely, sql } from 'kysely';

/**
 * Keeping knowledge alive (server/src/reviews, server/src/read-confirmations): a responsible
 * person and review interval per page, and read requests a space owner sends to the members
 * of a space with who confirmed. The knowledge-at-risk view (server/src/knowledge-risk) needs
 * no tables of its own: it reads steps, attachments, contributors and departure dates.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per page that has a responsible person. The review clock restarts at the newest of
  // set_at (when the person or interval was set), last_confirmed_at and the responsible
  // person's own last edit (page_contributors), so an edit by them counts as a review.
  // responsible_id is set null when the account is deleted: the page then needs a new one.
  await sql`
    CREATE TABLE page_reviews (
      page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
      responsible_id uuid REFERENCES users (id) ON DELETE SET NULL,
      interval_days integer NOT NULL CHECK (interval_days BETWEEN 1 AND 3650),
      set_at timestamptz NOT NULL DEFAULT now(),
      last_confirmed_at timestamptz,
      last_confirmed_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX page_reviews_responsible_idx ON page_reviews (responsible_id)`.execute(db);

  // A read request asks the members of the page's space (as they were when it was sent) to
  // confirm they read the page; a newer request on the same page supersedes the older one.
  await sql`
    CREATE TABLE page_read_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
      note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX page_read_requests_page_idx ON page_read_requests (page_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE page_read_recipients (
      request_id uuid NOT NULL REFERENCES page_read_requests (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      confirmed_at timestamptz,
      PRIMARY KEY (request_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX page_read_recipients_user_idx ON page_read_recipients (user_id)`.execute(db);
}
