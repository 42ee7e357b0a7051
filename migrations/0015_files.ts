import { type Kysely, sql } from 'kysely';

/**
 * Files attached to pages. Bytes live outside the database, content-addressed by SHA-256
 * (server/src/files/store.ts); `file_blobs` records each stored blob once, `attachments` each
 * upload of it to a page. The original name is kept for display and downloads only, never as a
 * path. `deleted_at` hides an attachment from its page; its blob stays while a page body or a
 * version still points at it, and is removed a retention period after the last reference went.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE file_blobs (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL CHECK (size >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      unreferenced_since timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      sha256 text NOT NULL REFERENCES file_blobs (sha256),
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
      type text NOT NULL,
      size bigint NOT NULL CHECK (size >= 0),
      uploader_id uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX attachments_page_idx ON attachments (page_id) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX attachments_sha256_idx ON attachments (sha256)`.execute(db);
}
