import { type Kysely, sql } from 'kysely';

/**
 * Processes imported from BPMN 2.0: every uploaded version (its XML and the parsed model),
 * the steps of the current version, and pages attached to steps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE processes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
      archived_at timestamptz,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX processes_space_idx ON processes (space_id, name)`.execute(db);

  // The XML is kept as uploaded (decoded to text) so the diagram can be shown and downloaded
  // exactly as drawn; the model holds what the parser read besides steps (pools, lanes, flows,
  // data objects, warnings), so a process view needs no re-parse.
  await sql`
    CREATE TABLE process_versions (
      process_id uuid NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version >= 1),
      xml text NOT NULL,
      file_name text,
      byte_size integer NOT NULL,
      step_count integer NOT NULL,
      model jsonb NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (process_id, version)
    )`.execute(db);

  // One row per step of the current version, keyed by the BPMN element id (the step's
  // identity across versions). A step that disappears in a new version while pages hang on it
  // keeps its row with removed_in_version set: an orphaned link, shown until someone
  // re-attaches or detaches its pages. Steps without pages are deleted when they disappear.
  await sql`
    CREATE TABLE process_steps (
      process_id uuid NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
      element_id text NOT NULL,
      kind text NOT NULL,
      name text,
      names jsonb NOT NULL DEFAULT '{}',
      documentation text,
      lane text,
      parent_id text,
      pool_id text,
      bpmn_process_id text,
      attached_to_id text,
      event_definitions jsonb NOT NULL DEFAULT '[]',
      position integer NOT NULL,
      added_in_version integer NOT NULL,
      removed_in_version integer,
      PRIMARY KEY (process_id, element_id)
    )`.execute(db);

  await sql`
    CREATE TABLE process_step_pages (
      process_id uuid NOT NULL,
      element_id text NOT NULL,
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (process_id, element_id, page_id),
      FOREIGN KEY (process_id, element_id) REFERENCES process_steps (process_id, element_id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX process_step_pages_page_idx ON process_step_pages (page_id)`.execute(db);
}
