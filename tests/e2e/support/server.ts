/**
 * The real server for browser tests: the app on a fresh database (PGlite or PostgreSQL) with
 * the built client, listening on a free port; plus API shortcuts to arrange data quickly.
 */
import type { AddressInfo } from 'node:net';
import { createTestApp, type Client, type TestApp, type TestUser } from '../../support/test-app.ts';
import type { Backend } from '../../support/databases.ts';
import { ensureClientBuilt } from './client-build.ts';

export interface E2EServer extends TestApp {
  baseUrl: string;
  /** A user plus an API client signed in as them. */
  user(options?: { role?: 'admin' | 'knowledge_manager' | 'user'; displayName?: string }): Promise<TestUser & { api: Client }>;
  createSpace(owner: Client, name: string): Promise<{ id: string; name: string }>;
  addMember(owner: Client, spaceId: string, userId: string, role: 'reader' | 'editor' | 'owner'): Promise<void>;
  createPage(api: Client, spaceId: string, title: string, parentId?: string | null): Promise<{ id: string; title: string }>;
}

export async function startE2EServer(backend: Backend): Promise<E2EServer> {
  const clientDist = await ensureClientBuilt();
  const test = await createTestApp(backend, { clientDist });
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.server.address() as AddressInfo;

  const expectStatus = async <T>(promise: Promise<{ statusCode: number; body: string; json(): unknown }>, status: number): Promise<T> => {
    const res = await promise;
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
    return (res.body ? res.json() : undefined) as T;
  };

  return {
    ...test,
    baseUrl: `http://127.0.0.1:${port}`,
    async user(options = {}) {
      const created = await test.createUser(options);
      return { ...created, api: await test.login(created.email) };
    },
    createSpace: (owner, name) => expectStatus(owner.post('/api/v1/spaces', { name }), 201),
    async addMember(owner, spaceId, userId, role) {
      await expectStatus(owner.put(`/api/v1/spaces/${spaceId}/members/${userId}`, { role }), 200);
    },
    createPage: (api, spaceId, title, parentId = null) => expectStatus(api.post('/api/v1/pages', { spaceId, parentId, title }), 201),
  };
}
