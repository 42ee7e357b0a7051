import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { openPostgres } from '../../server/src/db/database.ts';

/**
 * Builds the migrated databases once per run: a PGlite dump every test file starts from, and,
 * when DATABASE_URL is set, a PostgreSQL template database (extensions are per database and
 * CREATE EXTENSION races between workers, so they are created here only).
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-test-'));
  const dumpPath = path.join(dir, 'pglite.tgz');
  const pglite = await openPglite(null);
  await migrateToLatest(pglite.db);
  const dump = await pglite.pglite!.dumpDataDir('gzip');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteDump', dumpPath);

  let template: string | null = null;
  const url = process.env.DATABASE_URL;
  if (url) {
    template = `stafette_tpl_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const database = await openPostgres(withDatabase(url, template));
    await migrateToLatest(database.db);
    await database.close();
    await admin.end();
  }
  project.provide('pgTemplate', template ?? '');

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${template}`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
  }
}
