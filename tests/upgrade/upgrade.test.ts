import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { type Database, openPglite, openPostgres } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { createSession } from '../../server/src/auth/sessions.ts';
import { SESSION_COOKIE } from '../../server/src/auth/plugin.ts';
import { withDatabase } from '../support/global-setup.ts';
import { type Captured, capture } from './capture.ts';

// Data written by the code at 2659f2e (see the fixture's README) must read the same after today's
// migrations: every later schema change keeps this green.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/upgrade/2659f2e/${name}`, import.meta.url));
const expected = (kind: string): Captured => JSON.parse(fs.readFileSync(fixture(`expected-${kind}.json`), 'utf8'));

async function captureUpgraded(database: Database): Promise<Captured> {
  await migrateToLatest(database.db);
  const app = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent' }, database, logger: { level: 'error' } });
  await app.ready();
  try {
    return await capture(app, database.db, SESSION_COOKIE, async (db, userId) => {
      const s = await createSession(db, userId, { idleMinutes: 60, lifetimeHours: 1 }, { ip: '127.0.0.1', userAgent: 'upgrade test' });
      return { token: s.token, csrfToken: s.csrfToken };
    });
  } finally {
    await app.close();
  }
}

function expectSameData(actual: Captured, before: Captured) {
  expect(Object.keys(actual.pages).length).toBeGreaterThan(5);
  expect(actual.users).toBe(before.users);
  expect(actual.auditEntries).toBe(before.auditEntries);
  expect(actual.interviews).toEqual(before.interviews);
  expect(actual.processes).toEqual(before.processes);
  // Page by page, so a failure names the page that changed.
  expect(Object.keys(actual.pages).sort()).toEqual(Object.keys(before.pages).sort());
  for (const [id, page] of Object.entries(before.pages)) expect(actual.pages[id], `page ${page.title}`).toEqual(page);
}

describe('upgrade from the data of 2659f2e', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('migrates a PGlite data directory without losing pages, versions, processes or interviews', async () => {
    const database = await openPglite(null, new Blob([fs.readFileSync(fixture('pglite-datadir.tar.gz'))]));
    cleanups.push(() => database.close());
    const before = expected('pglite');
    expect(Object.values(before.pages).some((p) => Object.keys(p.versions).length === 2)).toBe(true);
    expectSameData(await captureUpgraded(database), before);
  }, 120_000);

  it.runIf(process.env.DATABASE_URL)('migrates a PostgreSQL dump without losing pages, versions, processes or interviews', async () => {
    const base = process.env.DATABASE_URL!;
    const name = `stafette_upgrade_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDatabase(base, name);
    execFileSync('pg_restore', ['--no-owner', '--no-acl', '--single-transaction', `--dbname=${url}`, fixture('postgres.dump')]);
    const database = await openPostgres(url);
    cleanups.push(async () => {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });
    expectSameData(await captureUpgraded(database), expected('postgres'));
  }, 120_000);
});
