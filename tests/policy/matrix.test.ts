import type { PageListItem, Space } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { routeTable } from '../../server/src/policy/route-table.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type RequestOptions, type TestApp } from '../support/test-app.ts';
import { PERSONAS, type Transport } from './matrix/types.ts';
import { loadMatrixEntries, matrixWorld, type MatrixWorld } from './matrix-world.ts';
import { seedSpace } from '../support/seed.ts';

/**
 * The authorisation matrix, generated from the route table: every registered /api/v1 route must
 * have an entry in one of ./matrix/*.ts, and every entry is called by every persona, once with
 * its session and once with an API token.
 */
const entries = await loadMatrixEntries();
const keyOf = (method: string, route: string) => `${method} ${route}`;

describe.each(backends)('authorisation matrix on %s', (backend) => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await matrixWorld(t);
  });
  afterAll(() => t?.close());

  it('has an entry for every /api/v1 route and no entry for a route that does not exist', () => {
    const registered = new Set(routeTable(t.app).filter((r) => r.url.startsWith('/api/v1')).map((r) => keyOf(r.method, r.url)));
    const covered = new Set(entries.map((e) => keyOf(e.method, e.route)));
    const missing = [...registered].filter((k) => !covered.has(k)).sort();
    const stale = [...covered].filter((k) => !registered.has(k)).sort();
    expect(missing, `routes without an authorisation matrix entry (add them to tests/policy/matrix/*.ts):\n${missing.join('\n')}`).toEqual([]);
    expect(stale, `matrix entries for routes that do not exist:\n${stale.join('\n')}`).toEqual([]);
    expect(entries.length).toBe(covered.size);
  });

  it('declares who may call it (config.access) or that anyone may (config.public) on every /api/v1 route', () => {
    const undeclared = routeTable(t.app)
      .filter((r) => r.url.startsWith('/api/v1') && !r.public && !r.access)
      .map((r) => keyOf(r.method, r.url))
      .sort();
    expect(undeclared, `routes without config.access or config.public (see server/src/policy/route-access.ts):\n${undeclared.join('\n')}`).toEqual([]);
  });

  it.each(entries.map((e) => [keyOf(e.method, e.route), e] as const))('%s answers every caller as expected', async (_name, entry) => {
    const mismatches: string[] = [];
    for (const persona of PERSONAS) {
      const transports: Transport[] = persona === 'anonymous' ? ['session'] : ['session', 'token'];
      for (const transport of transports) {
        const caller = entry.freshCaller ? await world.makeCaller(persona) : world.callers[persona];
        const client = transport === 'token' ? caller.token! : caller.session;
        const prepared = await entry.request(world.context(caller.user));
        const res = await client.request(entry.method, prepared.url, {
          ...(prepared.body !== undefined ? { body: prepared.body as RequestOptions['body'] } : {}),
          ...(prepared.headers ? { headers: prepared.headers } : {}),
        });
        const wanted = (transport === 'token' ? entry.viaToken?.[persona] : undefined) ?? entry.onBackend?.[backend]?.[persona] ?? entry.expect[persona];
        if (res.statusCode !== wanted) mismatches.push(`${persona} via ${transport}: ${res.statusCode} (expected ${wanted}) ${res.body.slice(0, 200)}`);
        // Whatever the caller may not see answers 404 with problem+json, never a leak of the resource.
        if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('never lists a space or page to a caller who may not see it', async () => {
    const ctx = world.context(null);
    const hiddenSpace = await seedSpace(t.database.db, { name: `Geheim ${randomUUID()}`, owners: [world.users.owner] });
    const hiddenPage = await ctx.page({ spaceId: hiddenSpace });
    await t.database.db.updateTable('pages').set({ updated_at: new Date(Date.now() + 60_000) }).where('id', '=', hiddenPage).execute();
    for (const persona of ['nonMember', 'reader', 'editor'] as const) {
      const client = world.callers[persona].session;
      const spaces = (await client.get('/api/v1/spaces')).json() as Space[];
      expect(spaces.map((s) => s.id)).not.toContain(hiddenSpace);
      const recent = (await client.get('/api/v1/pages/recent?limit=100')).json() as PageListItem[];
      expect(recent.map((p) => p.id)).not.toContain(hiddenPage);
    }
    for (const persona of ['owner', 'knowledgeManager', 'admin'] as const) {
      const recent = (await world.callers[persona].session.get('/api/v1/pages/recent?limit=5')).json() as PageListItem[];
      expect(recent.map((p) => p.id)).toContain(hiddenPage);
    }
  });
});
