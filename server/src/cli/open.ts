import { loadConfig, type Config } from '../config.ts';
import { type Database, openDatabase, pgliteDirOf } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** Opens the configured database for a CLI command (refuses while a server holds PGlite). */
export async function openForCli(options: { migrate?: boolean } = {}): Promise<{ config: Config; database: Database }> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config.dataDir) });
  if (options.migrate !== false) await migrateToLatest(database.db);
  return { config, database };
}
