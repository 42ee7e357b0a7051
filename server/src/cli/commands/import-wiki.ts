import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATION_FORMATS, type MigrationFormat } from '@stafette/api';
import { buildApp } from '../../app.ts';
import { Problem } from '../../http/problem.ts';
import { readFolder, readZip } from '../../imports/archive.ts';
import { runMigration } from '../../imports/import-service.ts';
import { readExport } from '../../imports/read-export.ts';
import { openForCli } from '../open.ts';
import { Progress } from '../progress.ts';

const USAGE = `Usage: stafette import <folder or .zip> --space <space id> [--format ${MIGRATION_FORMATS.join('|')}] [--parent <page id>] [--as <email>]`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Imports a wiki export (a folder or ZIP of Markdown files, a Confluence HTML export, a BookStack
 * portable ZIP) into a
 * space through the same service as `POST /spaces/:id/import`, with a progress bar and a
 * summary. The pages are created as the account `--as` (default: the oldest active
 * administrator). Running it again updates what it imported before.
 */
export async function importWikiCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { space: { type: 'string' }, format: { type: 'string', default: 'markdown' }, parent: { type: 'string' }, as: { type: 'string' } },
    allowPositionals: true,
  });
  const [sourceArg] = positionals;
  if (!sourceArg || !values.space || positionals.length > 1) throw new Error(USAGE);
  if (!UUID.test(values.space)) throw new Error(`--space must be a space id (a UUID), got "${values.space}".`);
  if (values.parent !== undefined && !UUID.test(values.parent)) throw new Error(`--parent must be a page id (a UUID), got "${values.parent}".`);
  const format = values.format as MigrationFormat;
  if (!MIGRATION_FORMATS.includes(format)) throw new Error(`--format must be one of ${MIGRATION_FORMATS.join(', ')}.`);
  const source = path.resolve(sourceArg);
  if (!fs.existsSync(source)) throw new Error(`${source} does not exist.`);

  const { config, database } = await openForCli();
  const app = await buildApp({ config: { ...config, clientDist: '/nonexistent' }, database, logger: false });
  try {
    await app.ready();
    const db = database.db;
    const space = await db.selectFrom('spaces').select(['name', 'archived_at']).where('id', '=', values.space).executeTakeFirst();
    if (!space) throw new Error(`No space with id ${values.space}.`);
    if (space.archived_at) throw new Error(`The space "${space.name}" is archived; restore it before importing.`);
    const user = values.as
      ? await db.selectFrom('users').select(['id', 'display_name']).where('email', '=', values.as.toLowerCase()).where('active', '=', true).executeTakeFirst()
      : await db.selectFrom('users').select(['id', 'display_name']).where('role', '=', 'admin').where('active', '=', true).orderBy('created_at').executeTakeFirst();
    if (!user) throw new Error(values.as ? `No active account with the email ${values.as}.` : 'No active administrator to import as; name one with --as <email>.');

    const files = fs.statSync(source).isDirectory() ? readFolder(source) : readZip(fs.readFileSync(source));
    const exported = readExport(format, files);
    let bar: Progress | null = null;
    let phase = '';
    const result = await runMigration(app, { spaceId: values.space, parentId: values.parent ?? null, format, source: exported }, { actorId: user.id, ip: null }, (p) => {
      if (p.phase !== phase) {
        bar?.finish();
        phase = p.phase;
        bar = new Progress(p.phase === 'pages' ? 'Seiten anlegen' : 'Inhalte und Dateien', p.total);
      }
      bar!.tick();
    });
    (bar as Progress | null)?.finish();
    console.log(`Imported into "${space.name}" as ${user.display_name}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.files} files attached.`);
    if (result.skipped.length > 0) {
      console.log(`Skipped ${result.skipped.length}:`);
      for (const s of result.skipped) console.log(`  ${s.path || '(archive)'}: ${s.reason}`);
    }
  } catch (err) {
    if (err instanceof Problem) throw new Error(err.detail ?? err.title);
    throw err;
  } finally {
    await app.close();
    await database.close();
  }
}
