import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isBpmnImportError } from '@stafette/bpmn';
import { openForCli } from '../open.ts';
import { Progress } from '../progress.ts';
import { createProcess, parseUpload } from '../../processes/process-service.ts';
import { MAX_UPLOAD_BYTES } from '../../processes/upload.ts';

const USAGE = 'Usage: stafette import-bpmn <dir> --space <space id>';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Outcome {
  file: string;
  ok: boolean;
  detail: string;
}

/**
 * Imports every .bpmn/.xml file of a directory (not recursive) into a space as new processes,
 * through the same service as the API. Runs against the database directly; the audit log
 * records the system (no user) as the actor. A file that fails does not stop the others; the
 * summary says which failed and why, and the exit code is 1 then.
 */
export async function importBpmnCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { space: { type: 'string' } }, allowPositionals: true });
  const [dirArg] = positionals;
  if (!dirArg || !values.space || positionals.length > 1) throw new Error(USAGE);
  if (!UUID.test(values.space)) throw new Error(`--space must be a space id (a UUID), got "${values.space}".`);
  const dir = path.resolve(dirArg);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory.`);
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(bpmn2?|xml)$/i.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, 'de', { numeric: true }));
  if (files.length === 0) throw new Error(`No .bpmn or .xml files in ${dir}.`);

  const { database } = await openForCli();
  const outcomes: Outcome[] = [];
  try {
    const space = await database.db.selectFrom('spaces').select(['name', 'archived_at']).where('id', '=', values.space).executeTakeFirst();
    if (!space) throw new Error(`No space with id ${values.space}.`);
    if (space.archived_at) throw new Error(`The space "${space.name}" is archived; restore it before importing.`);

    const progress = new Progress('Importing', files.length);
    for (const file of files) {
      outcomes.push(await importOne(database.db, values.space, path.join(dir, file)));
      progress.tick();
    }
    progress.finish();
    printSummary(outcomes, space.name, values.space);
  } finally {
    await database.close();
  }
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
}

async function importOne(db: Parameters<typeof createProcess>[0], spaceId: string, file: string): Promise<Outcome> {
  const name = path.basename(file);
  try {
    // Checked before reading, so a huge file is not loaded only to be refused.
    const size = fs.statSync(file).size;
    if (size > MAX_UPLOAD_BYTES) return { file: name, ok: false, detail: `too-large: the file has ${size} bytes, at most ${MAX_UPLOAD_BYTES} are accepted.` };
    const parsed = await parseUpload({ bytes: fs.readFileSync(file), fileName: name });
    const created = await createProcess(db, spaceId, parsed, { actorId: null, ip: null });
    return { file: name, ok: true, detail: `"${created.name}", ${created.steps.length} steps (${created.id})` };
  } catch (error) {
    if (isBpmnImportError(error)) return { file: name, ok: false, detail: `${error.code}: ${error.message}` };
    return { file: name, ok: false, detail: `error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function printSummary(outcomes: Outcome[], spaceName: string, spaceId: string): void {
  const imported = outcomes.filter((o) => o.ok);
  const failed = outcomes.filter((o) => !o.ok);
  const lines = [`Imported ${imported.length} of ${outcomes.length} files into "${spaceName}" (${spaceId}).`];
  for (const o of imported) lines.push(`  ok      ${o.file}: ${o.detail}`);
  if (failed.length) {
    lines.push(`Failed (${failed.length}):`);
    for (const o of failed) lines.push(`  failed  ${o.file}: ${o.detail}`);
  }
  console.log(lines.join('\n'));
}
