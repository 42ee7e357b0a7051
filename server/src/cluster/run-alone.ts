import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Runs a periodic whole-database job (a retention sweep, the directory sync, the notification
 * sweep) unless another instance on the same PostgreSQL is running it right now: the job holds
 * a session advisory lock named after it for the run, on a connection of its own, so the lock
 * goes with the connection should the instance die. An instance that finds the lock taken
 * skips this round; the holder does the work. PGlite is one process (the data directory is
 * locked), so there the job simply runs. Returns whether it ran.
 */
export async function runAlone(database: Database, name: string, job: () => Promise<void>): Promise<boolean> {
  if (database.kind === 'pglite') {
    await job();
    return true;
  }
  return database.db.connection().execute(async (conn) => {
    const key = `stafette:job:${name}`;
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${key}::text, 0)) AS locked`.execute(conn);
    if (!rows[0]?.locked) return false;
    try {
      await job();
      return true;
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${key}::text, 0))`.execute(conn).catch(() => undefined);
    }
  });
}
