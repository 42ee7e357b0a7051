import { type Kysely, sql } from 'kysely';

/**
 * Text of attachments for search (server/src/files/text). The search indexer extracts the text
 * of a page's files when it indexes the page and keeps it here, one row per attachment, with
 * what came of it: `ok` (text, possibly empty), `skipped` (encrypted, corrupt, too large, a type
 * without text) or `failed` (ran out of time or memory), and why (`reason`, a stable code the
 * client shows on the file). `sha256` tells which bytes the row was made from.
 *
 * The search documents of the embedded backend carry the texts of their page's files
 * (`attachments`: `[{id, name, text}]`), weighted below the page's own body, so a hit inside a
 * file can name the file and show a snippet from it.
 *
 * A trigger queues the page in the search outbox when a file is added, deleted (soft or hard),
 * renamed or moved, in the changing transaction, like every other change search shows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE attachment_texts (
      attachment_id uuid PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
      sha256 text NOT NULL,
      status text NOT NULL CHECK (status IN ('ok', 'skipped', 'failed')),
      reason text CHECK (reason IS NULL OR char_length(reason) <= 64),
      text text NOT NULL DEFAULT '',
      truncated boolean NOT NULL DEFAULT false,
      extracted_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`ALTER TABLE search_documents ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'`.execute(db);

  await sql`
    CREATE FUNCTION search_attachments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM search_enqueue(ARRAY[OLD.page_id]);
      ELSIF TG_OP = 'INSERT' THEN
        PERFORM search_enqueue(ARRAY[NEW.page_id]);
      ELSIF (NEW.page_id, NEW.name, NEW.sha256, NEW.deleted_at) IS DISTINCT FROM (OLD.page_id, OLD.name, OLD.sha256, OLD.deleted_at) THEN
        PERFORM search_enqueue(ARRAY[OLD.page_id, NEW.page_id]);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_attachments_changed AFTER INSERT OR UPDATE OR DELETE ON attachments
    FOR EACH ROW EXECUTE FUNCTION search_attachments_changed()`.execute(db);
}
