import { type Kysely, sql } from 'kysely';

/**
 * Periodic jobs across instances (issue 25; server/src/cluster/run-alone.ts): when a job last
 * started, so that several instances on one database run a periodic job (retention sweeps, the
 * directory sync) once per interval between them, not once each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE job_runs (
      name text PRIMARY KEY CHECK (char_length(name) BETWEEN 1 AND 100),
      started_at timestamptz NOT NULL
    )`.execute(db);
}
