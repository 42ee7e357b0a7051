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
import { freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { FIXTURES, fixturesIn } from '../support/processes.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
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
 * The CLI imports through the service layer straight into the database: PostgreSQL when the
 * test run has one, else a PGlite data directory prepared here (closed while the CLI runs,
 * since only one process may hold it).
 */
// Each run starts Node, tsx and (without PostgreSQL) PGlite from disk: slow on a busy 2-core machine.
describe('pnpm stafette import-bpmn', { timeout: 180_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-import-bpmn-'));
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
      return seedSpace(db, { name: 'Prozesslandkarte' });
    });
  });
  afterAll(async () => {
    await postgres?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports every MIWG reference model into the space and prints a summary', async () => {
    const result = await cli(['import-bpmn', 'tests/fixtures/bpmn/miwg-reference', '--space', spaceId], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Imported 21 of 21 files into "Prozesslandkarte" (${spaceId}).`);
    expect(result.stdout).toMatch(/ok {6}C\.3\.0\.bpmn: "Fridge Repair Process", 14 steps/);
    expect(result.stdout).not.toContain('Failed');
    // Progress goes to stderr, the summary to stdout.
    expect(result.stderr).toContain('Importing: 21/21 (100%)');

    const stored = await withDb(async (db) => ({
      processes: await db.selectFrom('processes').select(['id', 'name']).where('space_id', '=', spaceId).execute(),
      steps: Number((await db.selectFrom('process_steps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      audit: await db.selectFrom('audit_log').select(['actor_id', 'action']).where('action', '=', 'process.import').execute(),
    }));
    expect(stored.processes).toHaveLength(21);
    expect(stored.processes.map((p) => p.name)).toContain('Fridge Repair Process');
    // Step counts of the 21 reference models, counted from the XML (see packages/bpmn tests): 481 in all.
    expect(stored.steps).toBe(481);
    expect(stored.audit).toHaveLength(21);
    expect(stored.audit.every((a) => a.actor_id === null)).toBe(true);
  });

  it('goes on past broken files and says which failed and why, with exit code 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-import-mixed-'));
    try {
      fs.copyFileSync(path.join(FIXTURES, 'miwg-reference/A.1.0.bpmn'), path.join(dir, 'A.1.0.bpmn'));
      for (const file of fixturesIn('bpmn-moddle/error')) fs.copyFileSync(path.join(FIXTURES, file), path.join(dir, path.basename(file)));
      fs.writeFileSync(path.join(dir, 'laughs.xml'), '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d/>');
      fs.writeFileSync(path.join(dir, 'notiz.txt'), 'not a model, not even looked at');
      const result = await cli(['import-bpmn', dir, '--space', spaceId], env);
      expect(result.code).toBe(1);
      // The import is lenient (Processes III): a model with unknown elements imports with warnings;
      // what is not XML, not BPMN or hostile is refused.
      expect(result.stdout).toContain('Imported 4 of 8 files');
      expect(result.stdout).toContain('Failed (4):');
      expect(result.stdout).toMatch(/ok {6}unrecognized-child\.bpmn: /);
      expect(result.stdout).toMatch(/failed {2}laughs\.xml: doctype-forbidden: /);
      expect(result.stdout).toMatch(/failed {2}not-bpmn\.bpmn: not-bpmn: /);
      expect(result.stdout).toMatch(/failed {2}invalid-attributes\.bpmn: not-xml: /);
      expect(result.stdout).not.toContain('notiz.txt');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown space and a missing directory with a clear message', async () => {
    const unknown = await cli(['import-bpmn', 'tests/fixtures/bpmn/miwg-reference', '--space', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No space with id 00000000-0000-4000-8000-000000000000.');
    const noDir = await cli(['import-bpmn', 'gibt/es/nicht', '--space', spaceId], env);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/is not a directory/);
    const usage = await cli(['import-bpmn', 'tests/fixtures/bpmn/miwg-reference'], env);
    expect(usage.stderr).toContain('Usage: stafette import-bpmn <dir> --space <space id>');
  });
});
