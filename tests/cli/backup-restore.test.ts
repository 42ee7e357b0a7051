import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
}

async function userEmails(db: { selectFrom: Function }): Promise<string[]> {
  const rows = await (db as any).selectFrom('users').select('email').orderBy('email').execute();
  return rows.map((r: { email: string }) => r.email);
}

describe('CLI on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, backs up and restores a PGlite data directory', async () => {
    const env = { STAFETTE_DATA_DIR: dataDir };
    expect((await cli(['migrate'], env)).stdout).toMatch(/Applied 0001_platform/);
    let database = await openPglite(pgliteDirOf(dataDir));
    await insertUser(database.db, { email: 'vorher@rathaus.example', password: 'lang genug, wirklich', displayName: 'Vorher' });
    await database.close();

    const backupFile = path.join(dataDir, 'sicherung.tgz');
    expect((await cli(['backup', backupFile], env)).stdout).toMatch(/Backup written/);

    database = await openPglite(pgliteDirOf(dataDir));
    await insertUser(database.db, { email: 'nachher@rathaus.example', password: 'lang genug, wirklich', displayName: 'Nachher' });
    expect(await userEmails(database.db)).toEqual(['nachher@rathaus.example', 'vorher@rathaus.example']);
    await database.close();

    expect((await cli(['restore', backupFile], env)).stdout).toMatch(/Restored/);
    database = await openPglite(pgliteDirOf(dataDir));
    expect(await userEmails(database.db)).toEqual(['vorher@rathaus.example']);
    await database.close();
  }, 240_000);

  it('refuses to open the data directory while another process holds it', async () => {
    const database = await openPglite(pgliteDirOf(dataDir));
    try {
      const failure = await cli(['migrate'], { STAFETTE_DATA_DIR: dataDir }).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toMatch(/in use by another Stafette process/);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(!!process.env.DATABASE_URL)('CLI on PostgreSQL', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it('backs up one database and restores it into another', async () => {
    source = await freshDatabase('postgres');
    target = await freshDatabase('postgres');
    await insertUser(source.db, { email: 'gesichert@rathaus.example', password: 'lang genug, wirklich', displayName: 'Gesichert' });
    const file = path.join(os.tmpdir(), `stafette-pg-${Date.now()}.dump`);
    try {
      await cli(['backup', file], { DATABASE_URL: source.url! });
      await cli(['restore', file], { DATABASE_URL: target.url! });
      const restored = await openPostgres(target.url!);
      try {
        expect(await userEmails(restored.db)).toEqual(['gesichert@rathaus.example']);
        expect(await migrateToLatest(restored.db)).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
