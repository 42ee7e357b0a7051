import { type Kysely, sql } from 'kysely';

/**
 * Processes as the map of knowledge (issue "Processes III"): a category and an owner per
 * process for the landscape, a responsible role and named contacts per step, and review flags
 * on pages whose step a new version removed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE processes ADD COLUMN category text CHECK (category IS NULL OR char_length(category) BETWEEN 1 AND 100)`.execute(db);
  await sql`ALTER TABLE processes ADD COLUMN owner_id uuid REFERENCES users (id) ON DELETE SET NULL`.execute(db);
  await sql`UPDATE processes SET owner_id = created_by`.execute(db);
  await sql`CREATE INDEX processes_category_idx ON processes (space_id, category)`.execute(db);

  // The role responsible for a step: null means the lane's name. Kept across versions with the
  // step row (matched by element id like its pages).
  await sql`ALTER TABLE process_steps ADD COLUMN responsible_role text CHECK (responsible_role IS NULL OR char_length(responsible_role) BETWEEN 1 AND 200)`.execute(db);

  // Named people to ask about a step ("Ansprechpartner:in für diesen Schritt"), in the order given.
  await sql`
    CREATE TABLE process_step_contacts (
      process_id uuid NOT NULL,
      element_id text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      position integer NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (process_id, element_id, user_id),
      FOREIGN KEY (process_id, element_id) REFERENCES process_steps (process_id, element_id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX process_step_contacts_user_idx ON process_step_contacts (user_id)`.execute(db);

  // A page whose step a new version removed needs a look: flagged with that version until
  // someone confirms the page's review, re-attaches or detaches it.
  await sql`
    CREATE TABLE process_review_flags (
      process_id uuid NOT NULL REFERENCES processes (id) ON DELETE CASCADE,
      element_id text NOT NULL,
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      version integer NOT NULL,
      flagged_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (process_id, element_id, page_id, version)
    )`.execute(db);
  await sql`CREATE INDEX process_review_flags_open_idx ON process_review_flags (page_id) WHERE resolved_at IS NULL`.execute(db);
}
