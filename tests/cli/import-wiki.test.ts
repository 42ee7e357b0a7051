import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../server/src/users/users-service.ts';
import { type CliDatabase, cliDatabase, runCli as cli } from '../support/cli.ts';
import { TINY_PNG } from '../support/office-files.ts';
import { seedSpace } from '../support/seed.ts';

/**
 * `pnpm stafette import <folder> --space <id>`: a Markdown folder through the same service as
 * the API, as the oldest administrator, with progress on stderr and a summary; a second run
 * changes nothing; a symbolic link in the folder is refused.
 */
describe('pnpm stafette import', { timeout: 240_000 }, () => {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-wiki-source-'));
  let database: CliDatabase;
  let env: Record<string, string>;
  let spaceId: string;
  const withDb: CliDatabase['withDb'] = (fn) => database.withDb(fn);

  beforeAll(async () => {
    database = await cliDatabase('import-wiki');
    env = database.env;
    spaceId = await withDb(async (db) => {
      await insertUser(db, { email: 'admin@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Ada Admin', role: 'admin' });
      return seedSpace(db, { name: 'Altes Wiki' });
    });
    fs.mkdirSync(path.join(source, 'Meldewesen', 'bilder'), { recursive: true });
    fs.writeFileSync(path.join(source, 'Start.md'), '# Start\n\nZum [Meldewesen](Meldewesen/Anmeldung.md).\n');
    fs.writeFileSync(path.join(source, 'Meldewesen', 'Anmeldung.md'), '# Anmeldung\n\n![Formular](bilder/formular.png)\n');
    fs.writeFileSync(path.join(source, 'Meldewesen', 'bilder', 'formular.png'), TINY_PNG);
  });
  afterAll(async () => {
    await database?.drop();
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
