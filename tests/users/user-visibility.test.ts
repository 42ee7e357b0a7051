/**
 * One account by id follows the list's rule: everyone sees active accounts; deactivated and
 * pseudonymised ones only administrators and knowledge managers (404 for everyone else, the
 * same answer as for an id that does not exist).
 */
import type { User } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe.each(backends)('who sees which account on %s', (backend) => {
  let t: TestApp;
  let admin: Client;
  let manager: Client;
  let colleague: Client;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin' });
    manager = await t.userClient({ role: 'knowledge_manager' });
    colleague = await t.userClient();
  });
  afterAll(() => t?.close());

  async function seenBy(id: string) {
    const [byAdmin, byManager, byColleague] = await Promise.all([admin, manager, colleague].map((c) => c.get(`/api/v1/users/${id}`)));
    return { admin: byAdmin!.statusCode, manager: byManager!.statusCode, colleague: byColleague!.statusCode, colleagueBody: byColleague!.body };
  }

  it('shows an active account to every signed-in user', async () => {
    const active = await t.createUser();
    expect(await seenBy(active.id)).toMatchObject({ admin: 200, manager: 200, colleague: 200 });
  });

  it('hides a deactivated account from colleagues, as in the list', async () => {
    const leaving = await t.createUser({ displayName: 'Dora Deaktiviert' });
    expect((await admin.patch(`/api/v1/users/${leaving.id}`, { active: false })).statusCode).toBe(200);
    const seen = await seenBy(leaving.id);
    expect(seen).toMatchObject({ admin: 200, manager: 200, colleague: 404 });
    expect(seen.colleagueBody).not.toContain(leaving.email);
    expect(seen.colleagueBody).not.toContain('Dora');
    // The same answer as for an account that never existed.
    const missing = await colleague.get('/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(JSON.parse(seen.colleagueBody).type).toBe(missing.json().type);
    const listed = (await colleague.get('/api/v1/users')).json() as User[];
    expect(listed.map((u) => u.id)).not.toContain(leaving.id);
  });

  it('hides a pseudonymised account from colleagues', async () => {
    const departed = await t.createUser({ displayName: 'Paul Pseudonym' });
    await admin.patch(`/api/v1/users/${departed.id}`, { active: false });
    const done = await admin.post(`/api/v1/users/${departed.id}/pseudonymise`, { role: 'Sachbearbeiter:in, Bauamt' });
    expect(done.statusCode).toBe(200);
    expect(await seenBy(departed.id)).toMatchObject({ admin: 200, manager: 200, colleague: 404 });
  });
});
