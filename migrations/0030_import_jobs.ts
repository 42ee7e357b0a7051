import { type Kysely, sql } from 'kysely';

/**
 * Migration imports run in the background (issue 27; server/src/imports/import-jobs.ts): an
 * import of a large archive answers at once with a job, whose progress and result any instance
 * can report (the replicas share the database, not their memory). `heartbeat_at` is renewed
 * while the job runs, so a job whose instance stopped is reported as failed, not as running.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE import_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      format text NOT NULL CHECK (format IN ('markdown', 'confluence', 'bookstack')),
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
      phase text NOT NULL DEFAULT 'pages' CHECK (phase IN ('pages', 'content')),
      done integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      result jsonb,
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX import_jobs_user_idx ON import_jobs (user_id, started_at)`.execute(db);
}
