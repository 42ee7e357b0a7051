import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { DB } from './schema.ts';
import { pglitePool } from './pglite-pool.ts';
import { configurePgTypes, pgliteParsers } from './types.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { GenericPlanClient } from './generic-plans.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  /**
   * Connections of their own for the collaboration update log, so a commit that clients wait
   * for never queues behind request work for a pooled connection. The same as `db` on PGlite
   * (one connection either way).
   */
  logDb: Kysely<DB>;
  kind: DatabaseKind;
  /** The embedded instance, when `kind` is `pglite` (backup needs it). */
  pglite: PGlite | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  /** Directory of the embedded database; `null` keeps it in memory (tests). */
  pgliteDir: string | null;
  /** A dump to start the embedded database from (tests, restore). */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDir, options.loadDataDir);
}

export function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export async function openPostgres(connectionString: string): Promise<Database> {
  configurePgTypes();
  const db = postgresKysely(connectionString, 10);
  // Two flushes per update log (pages and interviews) may be in flight at once.
  const logDb = postgresKysely(connectionString, 4);
  return {
    db,
    logDb,
    kind: 'postgres',
    pglite: null,
    close: async () => {
      await Promise.all([db.destroy(), logDb.destroy()]);
    },
  };
}

/**
 * Server settings of every connection, sent with its start-up packet. No JIT compiling: the
 * app's statements run in milliseconds, and a search whose estimated cost crossed
 * `jit_above_cost` (a multi-word query at 100,000 pages) spent 120 ms compiling for 12 ms of work.
 */
const SESSION_OPTIONS = '-c jit=off';

function postgresKysely(connectionString: string, max: number): Kysely<DB> {
  const pool = new pg.Pool({ connectionString, max, options: SESSION_OPTIONS, Client: GenericPlanClient });
  // A client whose backend goes away (server restart, terminated connections, a dropped
  // database) must not crash the process. The pool listens only while a client is idle; a
  // checked-out client (inside a transaction, between its queries) emits the error on itself,
  // unheard, so every client gets a listener of its own. Its next query fails instead, and the
  // pool discards it on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export async function openPglite(dir: string | null, loadDataDir?: Blob): Promise<Database> {
  const unlock = dir ? await lockDataDir(dir) : () => {};
  try {
    const pglite = await PGlite.create({
      ...(dir ? { dataDir: dir } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { pg_trgm, unaccent },
      parsers: pgliteParsers,
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(pglite) }) });
    return {
      db,
      logDb: db,
      kind: 'pglite',
      pglite,
      async close() {
        await db.destroy();
        // Kysely only ends its pool if it ever ran a query.
        if (!pglite.closed) await pglite.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
