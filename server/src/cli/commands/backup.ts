import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openPglite, pgliteDirOf } from '../../db/database.ts';
import { DataDirLockedError, lockDataDir } from '../../db/data-dir-lock.ts';

const run = promisify(execFile);

/**
 * Backups are logical: PGlite's own data-directory dump, or pg_dump's custom format for
 * PostgreSQL. Both restore into an empty database of the same kind.
 */
export async function backup(file: string | undefined): Promise<void> {
  if (!file) throw new Error('Usage: stafette backup <file>');
  const config = loadConfig();
  const target = path.resolve(file);
  if (config.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${target}`, `--dbname=${config.databaseUrl}`]);
  } else {
    const database = await openPglite(pgliteDirOf(config.dataDir)).catch((error: unknown) => {
      if (!(error instanceof DataDirLockedError)) throw error;
      // The embedded database lives inside the server process: only a stopped server can be backed up.
      throw new Error(
        `The embedded database in ${error.dir} is in use by another Stafette process${error.pid ? ` (pid ${error.pid})` : ''}, usually the running server; nothing was written. ` +
          'A backup of the embedded database with this command needs the server stopped: stop it, run the backup, start it again. ' +
          'Or download one from the running server as an administrator (Verwaltung → Sicherung, GET /api/v1/admin/backup). ' +
          '(With PostgreSQL, DATABASE_URL, backups run while the server does.)',
      );
    });
    try {
      const dump = await database.pglite!.dumpDataDir('gzip');
      fs.writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await database.close();
    }
  }
  console.log(`Backup written to ${target} (${fs.statSync(target).size} bytes).`);
}

export async function restore(file: string | undefined): Promise<void> {
  if (!file) throw new Error('Usage: stafette restore <file>');
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`No backup at ${source}.`);
  const config = loadConfig();
  if (config.databaseUrl) {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-acl', '--single-transaction', `--dbname=${config.databaseUrl}`, source]);
  } else {
    const dir = pgliteDirOf(config.dataDir);
    const unlock = await lockDataDir(dir);
    // The current data is kept beside the restored one until the restore has succeeded.
    const previous = `${dir}.before-restore-${Date.now()}`;
    fs.renameSync(dir, previous);
    unlock();
    try {
      const database = await openPglite(dir, new Blob([fs.readFileSync(source)]));
      await database.close();
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(previous, dir);
      throw err;
    }
    fs.rmSync(previous, { recursive: true, force: true });
  }
  console.log(`Restored ${source}.`);
}
