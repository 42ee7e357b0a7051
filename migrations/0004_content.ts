import { type Kysely, sql } from 'kysely';

/**
 * Page content: what is derived from each page's Yjs document (ProseMirror JSON, plain text,
 * headings, outgoing links), versions and who contributed. The Yjs document itself stays in
 * `page_updates` (0003); everything here can be rebuilt from it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Derived columns, written in one transaction by the derivation (server/src/content).
  // content_updated_at is null until a page's body was first derived.
  await sql`
    ALTER TABLE pages
      ADD COLUMN doc jsonb,
      ADD COLUMN text text NOT NULL DEFAULT '',
      ADD COLUMN headings jsonb NOT NULL DEFAULT '[]'::jsonb,
      ADD COLUMN content_updated_at timestamptz`.execute(db);

  // Links point at ids taken from documents: the target may not exist (any more), so no foreign
  // key on it; backlinks join with pages and so see only live targets.
  await sql`
    CREATE TABLE page_links (
      source_page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      target_page_id uuid NOT NULL,
      PRIMARY KEY (source_page_id, target_page_id)
    )`.execute(db);
  await sql`CREATE INDEX page_links_target_idx ON page_links (target_page_id)`.execute(db);

  await sql`
    CREATE TABLE page_step_links (
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      process_id uuid NOT NULL,
      element_id text NOT NULL,
      PRIMARY KEY (page_id, process_id, element_id)
    )`.execute(db);
  await sql`CREATE INDEX page_step_links_step_idx ON page_step_links (process_id, element_id)`.execute(db);

  // A version is a full Yjs state (encodeStateAsUpdate), so viewing or restoring it needs no
  // replay. ydoc_snapshot (Y.encodeSnapshot: state vector and delete set; a state vector alone
  // misses deletions) tells whether the document changed since the last version; text feeds
  // diffs without decoding the state. number counts a page's versions from 1.
  await sql`
    CREATE TABLE page_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      number integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('auto', 'manual', 'restore')),
      label text CHECK (label IS NULL OR char_length(label) BETWEEN 1 AND 200),
      state bytea NOT NULL,
      ydoc_snapshot bytea NOT NULL,
      text text NOT NULL,
      restored_from uuid REFERENCES page_versions (id) ON DELETE SET NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (page_id, number)
    )`.execute(db);

  // Who wrote a page (the knowledge-at-risk view ranks by it): one row per page and author.
  await sql`
    CREATE TABLE page_contributors (
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      first_edited_at timestamptz NOT NULL DEFAULT now(),
      last_edited_at timestamptz NOT NULL DEFAULT now(),
      edit_count integer NOT NULL DEFAULT 0,
      PRIMARY KEY (page_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX page_contributors_user_idx ON page_contributors (user_id)`.execute(db);
}
