import { type Kysely, sql } from 'kysely';

/**
 * Process packages imported from another instance (issue 24, server/src/packages/package-import.ts):
 * where each imported process came from, so a newer package of the same process becomes a new
 * version of it instead of a second copy, and which local page each page of the package became,
 * so a re-import keeps the local pages (and their local edits) instead of duplicating them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE process_package_sources (
      process_id uuid PRIMARY KEY REFERENCES processes (id) ON DELETE CASCADE,
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      source_instance text NOT NULL CHECK (char_length(source_instance) BETWEEN 1 AND 2000),
      source_process_id text NOT NULL CHECK (char_length(source_process_id) BETWEEN 1 AND 200),
      source_version integer NOT NULL,
      exported_at timestamptz NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (space_id, source_instance, source_process_id)
    )`.execute(db);
  await sql`
    CREATE TABLE process_package_pages (
      process_id uuid NOT NULL REFERENCES process_package_sources (process_id) ON DELETE CASCADE,
      source_page_id text NOT NULL CHECK (char_length(source_page_id) BETWEEN 1 AND 200),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      PRIMARY KEY (process_id, source_page_id)
    )`.execute(db);
}
