import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface RunAloneOptions {
  /**
   * The job's interval: a run is skipped when any instance started one less than 90 % of it
   * ago (job_runs, migration 0026), so several instances run it once per interval between them.
   * Each instance's own ticks are a whole interval apart and never skip themselves.
   */
  everyMs?: number;
}

/**
 * Runs a periodic whole-database job (a retention sweep, the directory sync, the notification
 * sweep) unless another instance on the same PostgreSQL is running it right now: the job holds
 * a session advisory lock named after it for the run, on a connection of its own, so the lock
 * goes with the connection should the instance die. An instance that finds the lock taken
 * skips this round; the holder does the work. PGlite is one process (the data directory is
 * locked), so there only the interval is checked. Returns whether it ran.
 */
export async function runAlone(database: Database, name: string, job: () => Promise<void>, options: RunAloneOptions = {}): Promise<boolean> {
  const due = async (db: Kysely<any>) => {
    if (!options.everyMs) return true;
    const claimed = await sql`
      INSERT INTO job_runs (name, started_at) VALUES (${name}, now())
      ON CONFLICT (name) DO UPDATE SET started_at = now()
      WHERE job_runs.started_at <= now() - make_interval(secs => ${(options.everyMs * 0.9) / 1000})
      RETURNING name`.execute(db);
    return claimed.rows.length > 0;
  };
  if (database.kind === 'pglite') {
    if (!(await due(database.db))) return false;
    await job();
    return true;
  }
  return database.db.connection().execute(async (conn) => {
    const key = `stafette:job:${name}`;
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${key}::text, 0)) AS locked`.execute(conn);
    if (!rows[0]?.locked) return false;
    try {
      if (!(await due(conn))) return false;
      await job();
      return true;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}::text, 0))`.execute(conn).catch(() => undefined);
    }
  });
}
