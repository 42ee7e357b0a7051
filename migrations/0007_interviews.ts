import { type Kysely, sql } from 'kysely';
import { DEFAULT_TEMPLATE_ID, DEFAULT_TEMPLATE_NAME, DEFAULT_TEMPLATE_SECTIONS } from '../server/src/interviews/default-template.ts';

/**
 * Exit interviews (server/src/interviews): versioned templates, interviews with their
 * participants and state, per-answer metadata (private flag, linked steps), the successor's
 * reviews, the Yjs update log of each interview document, and what a completion published.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A template edit inserts a new version; interviews point at the version they started with.
  await sql`
    CREATE TABLE interview_templates (
      id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      name text NOT NULL,
      sections jsonb NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, version)
    )`.execute(db);
  await sql`
    INSERT INTO interview_templates (id, version, name, sections)
    VALUES (${DEFAULT_TEMPLATE_ID}, 1, ${DEFAULT_TEMPLATE_NAME}, ${JSON.stringify(DEFAULT_TEMPLATE_SECTIONS)}::jsonb)`.execute(db);

  await sql`
    CREATE TABLE interviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      subject_user_id uuid NOT NULL REFERENCES users (id),
      interviewer_id uuid NOT NULL REFERENCES users (id),
      successor_id uuid REFERENCES users (id),
      subject_role text,
      departure_date date NOT NULL,
      template_id uuid NOT NULL,
      template_version integer NOT NULL,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'in_review', 'completed')),
      consent_hash text,
      consented_at timestamptz,
      published_space_id uuid REFERENCES spaces (id) ON DELETE SET NULL,
      handover_page_id uuid REFERENCES pages (id) ON DELETE SET NULL,
      completed_by uuid REFERENCES users (id) ON DELETE SET NULL,
      completed_at timestamptz,
      content_purged_at timestamptz,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (template_id, template_version) REFERENCES interview_templates (id, version),
      CHECK (subject_user_id <> interviewer_id),
      CHECK (successor_id IS NULL OR successor_id <> subject_user_id)
    )`.execute(db);
  await sql`CREATE INDEX interviews_subject_idx ON interviews (subject_user_id)`.execute(db);
  await sql`CREATE INDEX interviews_interviewer_idx ON interviews (interviewer_id)`.execute(db);
  await sql`CREATE INDEX interviews_successor_idx ON interviews (successor_id)`.execute(db);
  await sql`CREATE INDEX interviews_retention_idx ON interviews (departure_date) WHERE content_purged_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE interview_answers (
      interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
      question_id text NOT NULL,
      private boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (interview_id, question_id)
    )`.execute(db);

  await sql`
    CREATE TABLE interview_answer_steps (
      interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
      question_id text NOT NULL,
      process_id uuid NOT NULL,
      element_id text NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (interview_id, question_id, process_id, element_id),
      FOREIGN KEY (process_id, element_id) REFERENCES process_steps (process_id, element_id) ON DELETE CASCADE
    )`.execute(db);

  // Reviews by the successor: accept an answer, comment on it, or ask a follow-up question
  // (which becomes a question of its own, answered in the fragment answer:<follow_up_id>).
  await sql`
    CREATE TABLE interview_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
      question_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('accept', 'comment', 'follow_up')),
      body text NOT NULL DEFAULT '',
      follow_up_id text,
      author_id uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX interview_reviews_interview_idx ON interview_reviews (interview_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE interview_updates (
      interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      snapshot boolean NOT NULL DEFAULT false,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (interview_id, seq)
    )`.execute(db);

  // The pages a completion created: the handover page (question_id NULL) and one per
  // step-linked answer. Pseudonymisation rewrites their provenance through this list.
  await sql`
    CREATE TABLE interview_publications (
      interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      question_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (interview_id, page_id)
    )`.execute(db);
}
