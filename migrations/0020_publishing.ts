import { type Kysely, sql } from 'kysely';

/**
 * Open government (issue 24): what space owners published for citizens, and the portal's
 * settings. A page is published on its own or with its subtree; a process with the public pages
 * attached to its steps. Whether published content is shown is decided again on every public
 * request (classification `oeffentlich`, not archived), so raising a level or archiving hides it
 * at once; the rows here only say what the owner chose.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE published_pages (
      page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
      subtree boolean NOT NULL DEFAULT false,
      published_by uuid REFERENCES users (id) ON DELETE SET NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE published_processes (
      process_id uuid PRIMARY KEY REFERENCES processes (id) ON DELETE CASCADE,
      published_by uuid REFERENCES users (id) ON DELETE SET NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      -- The diagram drawn for the public portal, kept per process version (drawing takes Chromium seconds).
      diagram_version integer,
      diagram_svg text
    )`.execute(db);
  // One row: the municipality the portal speaks for, its imprint and the open-data licence.
  await sql`
    CREATE TABLE publishing_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      municipality_name text NOT NULL DEFAULT '' CHECK (char_length(municipality_name) <= 200),
      imprint_url text CHECK (imprint_url IS NULL OR char_length(imprint_url) <= 2000),
      licence text NOT NULL DEFAULT 'dl-de/by-2-0' CHECK (char_length(licence) BETWEEN 1 AND 200),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL
    )`.execute(db);
  await sql`INSERT INTO publishing_settings (id) VALUES (true)`.execute(db);
}
