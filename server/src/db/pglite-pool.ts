import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { pgliteGenericPlans } from './generic-plans.ts';
import { Mutex } from './mutex.ts';

/**
 * Presents one PGlite instance as a `pg`-style pool with a single connection, so Kysely's own
 * PostgresDialect drives it. PGlite has one session: without the mutex, concurrent requests
 * would interleave inside each other's BEGIN/COMMIT. The mutex is held from `connect()` to
 * `release()`, which for Kysely spans a whole transaction.
 */
export function pglitePool(pg: PGlite): PostgresPool {
  const mutex = new Mutex();
  const generic = pgliteGenericPlans(pg);
  return {
    async connect(): Promise<PostgresPoolClient> {
      const unlock = await mutex.lock();
      let released = false;
      return {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          const result = (await generic(sql, parameters)) ?? (await pg.query<R>(sql, parameters as unknown[]));
          return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows as R[] };
        },
        release() {
          if (released) return;
          released = true;
          unlock();
        },
      } as PostgresPoolClient;
    },
    async end() {
      const unlock = await mutex.lock();
      try {
        if (!pg.closed) await pg.close();
      } finally {
        unlock();
      }
    },
  };
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  // Kysely only needs the command to report affected rows and failed commits.
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'SELECT':
    case 'COMMIT':
    case 'ROLLBACK':
      return word;
    default:
      return 'SELECT';
  }
}
