import { loadConfig } from './config.ts';
import { openDatabase, pgliteDirOf } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { bootstrapInstance, logBootstrap } from './setup/bootstrap.ts';

/** Starts the server: database, migrations, first-start bootstrap, HTTP. */
async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config.dataDir) });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database });
  const bootstrap = await bootstrapInstance(database.db, { email: config.adminEmail, password: config.adminPassword });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? `http://localhost:${(app.server.address() as { port: number }).port}`;
  logBootstrap(bootstrap, url, app.log);
  app.log.info(`Stafette is running at ${url} (database: ${database.kind})`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
