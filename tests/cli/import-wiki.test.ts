import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import { type Database, openPglite, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { TINY_PNG } from '../support/office-files.ts';
import { seedSpace } from '../support/seed.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env },
    maxBuffer: 10 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

/**
 * `pnpm stafette import <folder> --space <id>`: a Markdown folder through the same service as
 * the API, as the oldest administrator, with progress on stderr and a summary; a second run
 * changes nothing; a symbolic link in the folder is refused.
 */
describe('pnpm stafette import', { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-import-wiki-'));
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-wiki-source-'));
  let postgres: TestDatabase | null = null;
  let env: Record<string, string>;
  let spaceId: string;

  async function withDb<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    if (postgres) return fn(postgres.db);
    const database: Database = await openPglite(pgliteDirOf(dataDir));
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      postgres = await freshDatabase('postgres');
      env = { DATABASE_URL: postgres.url! };
    } else {
      env = { STAFETTE_DATA_DIR: dataDir };
    }
    spaceId = await withDb(async (db) => {
      await migrateToLatest(db);
      await insertUser(db, { email: 'admin@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Ada Admin', role: 'admin' });
      return seedSpace(db, { name: 'Altes Wiki' });
    });
    fs.mkdirSync(path.join(source, 'Meldewesen', 'bilder'), { recursive: true });
    fs.writeFileSync(path.join(source, 'Start.md'), '# Start\n\nZum [Meldewesen](Meldewesen/Anmeldung.md).\n');
    fs.writeFileSync(path.join(source, 'Meldewesen', 'Anmeldung.md'), '# Anmeldung\n\n![Formular](bilder/formular.png)\n');
    fs.writeFileSync(path.join(source, 'Meldewesen', 'bilder', 'formular.png'), TINY_PNG);
  });
  afterAll(async () => {
    await postgres?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(source, { recursive: true, force: true });
  });

  it('imports a Markdown folder with progress and a summary; a second run changes nothing', async () => {
    const first = await cli(['import', source, '--space', spaceId], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Imported into "Altes Wiki" as Ada Admin: 3 created, 0 updated, 0 unchanged, 1 files attached.');
    expect(first.stderr).toContain('Inhalte und Dateien: 3/3 (100%)');

    const stored = await withDb(async (db) => ({
      pages: await db.selectFrom('pages').select(['title', 'parent_id', 'created_by']).where('space_id', '=', spaceId).orderBy('title').execute(),
      attachments: await db.selectFrom('attachments').select('name').execute(),
    }));
    expect(stored.pages.map((p) => p.title)).toEqual(['Anmeldung', 'Meldewesen', 'Start']);
    expect(stored.pages.find((p) => p.title === 'Anmeldung')!.parent_id).not.toBeNull();
    expect(stored.attachments.map((a) => a.name)).toEqual(['formular.png']);

    const second = await cli(['import', source, '--space', spaceId], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('0 created, 0 updated, 3 unchanged, 0 files attached.');
  });

  it('refuses a folder with a symbolic link, and an unknown space, with a clear message', async () => {
    const hostile = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-wiki-hostile-'));
    try {
      fs.writeFileSync(path.join(hostile, 'Seite.md'), '# Seite');
      fs.symlinkSync('/etc/passwd', path.join(hostile, 'passwd.md'));
      const refused = await cli(['import', hostile, '--space', spaceId], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('"passwd.md" is a symbolic link');
    } finally {
      fs.rmSync(hostile, { recursive: true, force: true });
    }
    const unknown = await cli(['import', source, '--space', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No space with id 00000000-0000-4000-8000-000000000000.');
  });
});
