import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { migrate } from './commands/migrate.ts';
import { backup, restore } from './commands/backup.ts';
import { reindex } from './commands/reindex.ts';
import { importBpmnCommand } from './commands/import-bpmn.ts';
import { seedDemoCommand } from './commands/seed-demo.ts';
import { directorySyncCommand } from './commands/directory-sync.ts';
import { resetSecondFactorCommand } from './commands/reset-second-factor.ts';
import { importWikiCommand } from './commands/import-wiki.ts';

/** `pnpm stafette <command>`: operations on the configured instance. */
const commands: Record<string, { summary: string; run: (args: string[]) => Promise<void> }> = {
  migrate: { summary: 'apply pending database migrations', run: () => migrate() },
  backup: { summary: 'backup <file>: write a logical backup of the database', run: (args) => backup(args[0]) },
  reindex: { summary: 'rebuild the search index from all pages (with a progress bar)', run: () => reindex() },
  restore: { summary: 'restore <file>: replace the database with a backup (server stopped)', run: (args) => restore(args[0]) },
  'import-bpmn': { summary: 'import-bpmn <dir> --space <id>: import every .bpmn/.xml file in <dir> as new processes', run: (args) => importBpmnCommand(args) },
  import: { summary: 'import <folder or .zip> --space <id> [--format markdown|confluence|bookstack]: import a wiki export (updates what an earlier run imported)', run: (args) => importWikiCommand(args) },
  'seed-demo': { summary: 'create the demo town Musterstadt (spaces, people, processes, pages; idempotent)', run: (args) => seedDemoCommand(args) },
  'directory-sync': { summary: 'sync people and groups from the LDAP directory now (with a progress line)', run: () => directorySyncCommand() },
  'reset-second-factor': { summary: 'reset-second-factor <email>: remove an account’s two-factor sign-in (lost phone and recovery codes) and end its sessions', run: (args) => resetSecondFactorCommand(args) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return ['Usage: pnpm stafette <command> [args]', '', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)].join('\n');
}

async function main(argv: string[]) {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(usage());
    process.exit(name ? 2 : 0);
  }
  await command.run(args);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof DataDirLockedError ? err.message : `Error: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
