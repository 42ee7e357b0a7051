/**
 * The app in this process on an in-memory PGlite, with an administrator who owns the spaces
 * made here and a signed-in session for `app.inject`: the setting of the benchmarks that
 * measure a capability's own work (exports, the wiki import) without network or a database
 * server in the way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';

export interface InProcessApp {
  app: Awaited<ReturnType<typeof buildApp>>;
  user: { id: string; email: string };
  /** Session cookie and CSRF token of the administrator, for `app.inject`. */
  headers: Record<string, string>;
  /** A new space the administrator owns. */
  newSpace(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startInProcessApp(name: string): Promise<InProcessApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stafette-bench-${name}-`));
  const config = { ...loadConfig({}), dataDir: dir, clientDist: '/nonexistent', logLevel: 'warn' };
  const database = await openDatabase({ databaseUrl: null, pgliteDir: null });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  const close = async () => {
    await app.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const password = 'korrekt-Pferd-Batterie-Bench';
    const user = await insertUser(app.db, { email: 'bench@example.org', password, displayName: 'Bench', role: 'admin' });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
    const headers = { cookie: `stafette_session=${login.cookies.find((c) => c.name === 'stafette_session')!.value}`, 'x-csrf-token': login.json().csrfToken as string };
    const newSpace = async (spaceName: string) => {
      const space = await app.db.insertInto('spaces').values({ name: spaceName, created_by: user.id }).returning('id').executeTakeFirstOrThrow();
      await app.db.insertInto('space_members').values({ space_id: space.id, user_id: user.id, role: 'owner' }).execute();
      return space.id;
    };
    return { app, user: { id: user.id, email: user.email }, headers, newSpace, close };
  } catch (err) {
    await close();
    throw err;
  }
}
