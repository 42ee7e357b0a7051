import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliDatabase, cliDatabase, runCli as cli } from '../support/cli.ts';
import { FIXTURES, fixturesIn } from '../support/processes.ts';
import { seedSpace } from '../support/seed.ts';

/**
 * The CLI imports through the service layer straight into the database (tests/support/cli.ts:
 * PostgreSQL when the test run has one, else a PGlite data directory).
 */
// Each run starts Node, tsx and (without PostgreSQL) PGlite from disk: slow on a busy 2-core machine.
describe('pnpm stafette import-bpmn', { timeout: 180_000 }, () => {
  let database: CliDatabase;
  let env: Record<string, string>;
  let spaceId: string;
  const withDb: CliDatabase['withDb'] = (fn) => database.withDb(fn);

  beforeAll(async () => {
    database = await cliDatabase('import-bpmn');
    env = database.env;
    spaceId = await withDb((db) => seedSpace(db, { name: 'Prozesslandkarte' }));
  });
  afterAll(() => database?.drop());

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
