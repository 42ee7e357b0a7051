/**
 * Running `pnpm stafette <command>` as a child process against a database of the test's own:
 * PostgreSQL when the test run has one (DATABASE_URL), else a PGlite data directory, which is
 * only opened between CLI runs (one process at a time may hold it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { type Database, openPglite, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import type { DB } from '../../server/src/db/schema.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (server/src/cli/main.ts) from the repository root with `env` on top of this process's. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
    maxBuffer: 10 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

export interface CliDatabase {
  /** The environment that points the CLI at this database. */
  env: Record<string, string>;
  /** Runs `fn` on the database (opening the PGlite directory for the while). */
  withDb<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  /** Drops the PostgreSQL database or removes the PGlite directory. */
  drop(): Promise<void>;
}

/** A migrated database for CLI runs; `name` tells its PGlite directory apart in the temp folder. */
export async function cliDatabase(name: string): Promise<CliDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `stafette-${name}-`));
  const postgres: TestDatabase | null = process.env.DATABASE_URL ? await freshDatabase('postgres') : null;
  const withDb = async <T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> => {
    if (postgres) return fn(postgres.db);
    const database: Database = await openPglite(pgliteDirOf(dataDir));
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  };
  await withDb((db) => migrateToLatest(db));
  return {
    env: postgres ? { DATABASE_URL: postgres.url! } : { STAFETTE_DATA_DIR: dataDir },
    withDb,
    drop: async () => {
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
