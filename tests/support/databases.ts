import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openPglite, openPostgres } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { withDatabase } from './global-setup.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export const backends: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * The databases a browser test file runs on. A browser test drives the client; the database
 * behind it is covered on both backends by the integration suites, so each browser file runs
 * once, on the backend it names (PGlite when PostgreSQL is not configured), and the files are
 * split between the two so both full stacks are driven by a browser.
 * STAFETTE_E2E_BACKENDS=all runs every browser file on every configured backend.
 */
export function browserBackends(named: Backend): Backend[] {
  if (process.env.STAFETTE_E2E_BACKENDS === 'all') return backends;
  return [backends.includes(named) ? named : 'pglite'];
}

export interface TestDatabase extends Database {
  /** Connection string of the fresh PostgreSQL database, for child processes. */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function freshDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const dump = new Blob([fs.readFileSync(inject('pgliteDump'))]);
    const database = await openPglite(null, dump);
    await migrateToLatest(database.db);
    return { ...database, url: null, drop: () => database.close() };
  }
  const base = process.env.DATABASE_URL!;
  const name = `stafette_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  // Two workers copying the template at once may see it "being accessed"; try again shortly.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(base, `CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(base, name);
  const database = await openPostgres(url);
  await migrateToLatest(database.db);
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
