/**
 * The real server for browser tests: the app on a fresh database (PGlite or PostgreSQL) with
 * the built client, listening on a free port. Spaces, members and pages are arranged with
 * tests/support/seed.ts.
 */
import type { AddressInfo } from 'node:net';
import { createTestApp, type Client, type TestApp, type TestUser } from '../../support/test-app.ts';
import type { Backend } from '../../support/databases.ts';
import { ensureClientBuilt } from './client-build.ts';

export interface E2EServer extends TestApp {
  baseUrl: string;
  /** A user plus an API client signed in as them. */
  user(options?: { role?: 'admin' | 'knowledge_manager' | 'user'; displayName?: string }): Promise<TestUser & { api: Client }>;
}

export async function startE2EServer(backend: Backend): Promise<E2EServer> {
  const clientDist = await ensureClientBuilt();
  const test = await createTestApp(backend, { clientDist });
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.server.address() as AddressInfo;

  return {
    ...test,
    baseUrl: `http://127.0.0.1:${port}`,
    async user(options = {}) {
      const created = await test.createUser(options);
      return { ...created, api: await test.login(created.email) };
    },
  };
}
