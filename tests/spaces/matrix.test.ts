import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { routeTable } from '../../server/src/policy/route-table.ts';
import { backends } from '../support/databases.ts';
import { Client, createTestApp, type RequestOptions, type TestApp } from '../support/test-app.ts';
import { type MatrixContext, type MatrixEntry, PERSONAS, type Persona, type Transport } from './matrix/types.ts';
import { seedSpace } from './support.ts';

/**
 * The authorisation matrix, generated from the route table: every registered /api/v1 route must
 * have an entry in one of ./matrix/*.ts, and every entry is called by every persona, once with
 * its session and once with an API token.
 */
const matrixDir = new URL('./matrix/', import.meta.url);
const tableFiles = fs.readdirSync(matrixDir).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort();
const entries: MatrixEntry[] = [];
for (const file of tableFiles) {
  const table = (await import(new URL(file, matrixDir).href)) as { entries?: MatrixEntry[] };
  if (!table.entries) throw new Error(`tests/spaces/matrix/${file} must export \`entries\``);
  entries.push(...table.entries);
}
const keyOf = (method: string, route: string) => `${method} ${route}`;

type Caller = { user: { id: string; email: string } | null; session: Client; token: Client | null };

describe.each(backends)('authorisation matrix on %s', (backend) => {
  let t: TestApp;
  let admin: Client;
  let spaceId: string;
  const callers = {} as Record<Persona, Caller>;
  const users = {} as MatrixContext['users'];
  let serial = 0;

  async function makeCaller(persona: Persona): Promise<Caller> {
    if (persona === 'anonymous') return { user: null, session: t.anonymous, token: null };
    const role = persona === 'admin' || persona === 'deactivated' ? 'admin' : persona === 'knowledgeManager' ? 'knowledge_manager' : 'user';
    const user = await t.createUser({ role });
    const spaceRole = persona === 'reader' ? 'reader' : persona === 'editor' ? 'editor' : persona === 'owner' || persona === 'deactivated' ? 'owner' : null;
    if (spaceRole && spaceId) await t.database.db.insertInto('space_members').values({ space_id: spaceId, user_id: user.id, role: spaceRole }).execute();
    const session = await t.login(user.email);
    const created = await session.post('/api/v1/auth/tokens', { name: 'Matrix' });
    const token = new Client(t.app, { authorization: `Bearer ${created.json().token}` });
    if (persona === 'deactivated') {
      const res = await admin.patch(`/api/v1/users/${user.id}`, { active: false });
      if (res.statusCode !== 200) throw new Error(`deactivate failed: ${res.body}`);
    }
    return { user: { id: user.id, email: user.email }, session, token };
  }

  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.login((await t.createUser({ role: 'admin' })).email);
    spaceId = await seedSpace(t.database.db, {}, 'Matrixamt');
    for (const persona of PERSONAS) {
      callers[persona] = await makeCaller(persona);
      if (persona !== 'anonymous') users[persona] = callers[persona].user!;
    }
  });
  afterAll(() => t?.close());

  function context(caller: Caller['user']): MatrixContext {
    const db = t.database.db;
    const members = ['reader', 'editor', 'owner', 'deactivated'] as const;
    return {
      app: t.app,
      db,
      spaceId,
      users,
      caller,
      unique: () => `${Date.now()}-${++serial}`,
      async page(options = {}) {
        const row = await db
          .insertInto('pages')
          .values({
            space_id: options.spaceId ?? spaceId,
            parent_id: options.parentId ?? null,
            title: `Seite ${++serial}`,
            position: 1000 + serial,
            archived_at: options.archived ? new Date() : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (options.archived) await db.updateTable('pages').set({ archive_root_id: row.id }).where('id', '=', row.id).execute();
        return row.id;
      },
      async space(options = {}) {
        const roles = { reader: 'reader', editor: 'editor', owner: 'owner', deactivated: 'owner' } as const;
        const id = await seedSpace(db, Object.fromEntries(members.map((p) => [users[p].id, roles[p]])), `Amt ${++serial}`);
        if (options.archived) await db.updateTable('spaces').set({ archived_at: new Date() }).where('id', '=', id).execute();
        return id;
      },
      async user() {
        const u = await t.createUser();
        return { id: u.id, email: u.email };
      },
    };
  }

  it('has an entry for every /api/v1 route and no entry for a route that does not exist', () => {
    const registered = new Set(routeTable(t.app).filter((r) => r.url.startsWith('/api/v1')).map((r) => keyOf(r.method, r.url)));
    const covered = new Set(entries.map((e) => keyOf(e.method, e.route)));
    const missing = [...registered].filter((k) => !covered.has(k)).sort();
    const stale = [...covered].filter((k) => !registered.has(k)).sort();
    expect(missing, `routes without an authorisation matrix entry (add them to tests/spaces/matrix/*.ts):\n${missing.join('\n')}`).toEqual([]);
    expect(stale, `matrix entries for routes that do not exist:\n${stale.join('\n')}`).toEqual([]);
    expect(entries.length).toBe(covered.size);
  });

  it.each(entries.map((e) => [keyOf(e.method, e.route), e] as const))('%s answers every caller as expected', async (_name, entry) => {
    const mismatches: string[] = [];
    for (const persona of PERSONAS) {
      const transports: Transport[] = persona === 'anonymous' ? ['session'] : ['session', 'token'];
      for (const transport of transports) {
        const caller = entry.freshCaller ? await makeCaller(persona) : callers[persona];
        const client = transport === 'token' ? caller.token! : caller.session;
        const prepared = await entry.request(context(caller.user));
        const res = await client.request(entry.method, prepared.url, {
          ...(prepared.body !== undefined ? { body: prepared.body as RequestOptions['body'] } : {}),
          ...(prepared.headers ? { headers: prepared.headers } : {}),
        });
        const wanted = (transport === 'token' ? entry.viaToken?.[persona] : undefined) ?? entry.expect[persona];
        if (res.statusCode !== wanted) mismatches.push(`${persona} via ${transport}: ${res.statusCode} (expected ${wanted}) ${res.body.slice(0, 200)}`);
        // Whatever the caller may not see answers 404 with problem+json, never a leak of the resource.
        if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('never lists a space or page to a caller who may not see it', async () => {
    const ctx = context(null);
    const hiddenSpace = await seedSpace(t.database.db, { [users.owner.id]: 'owner' }, `Geheim ${randomUUID()}`);
    const hiddenPage = await ctx.page({ spaceId: hiddenSpace });
    await t.database.db.updateTable('pages').set({ updated_at: new Date(Date.now() + 60_000) }).where('id', '=', hiddenPage).execute();
    for (const persona of ['nonMember', 'reader', 'editor'] as const) {
      const client = callers[persona].session;
      const spaces = (await client.get('/api/v1/spaces')).json() as { id: string }[];
      expect(spaces.map((s) => s.id)).not.toContain(hiddenSpace);
      const recent = (await client.get('/api/v1/pages/recent?limit=100')).json() as { id: string }[];
      expect(recent.map((p) => p.id)).not.toContain(hiddenPage);
    }
    for (const persona of ['owner', 'knowledgeManager', 'admin'] as const) {
      const recent = (await callers[persona].session.get('/api/v1/pages/recent?limit=5')).json() as { id: string }[];
      expect(recent.map((p) => p.id)).toContain(hiddenPage);
    }
  });
});
