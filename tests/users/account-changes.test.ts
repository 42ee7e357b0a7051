import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type Client, createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../support/test-app.ts';

/**
 * Changes to accounts and sessions are recorded in the audit log with who made them and from
 * where, in the transaction of the change: a change that is refused leaves no entry and no trace.
 */
describe.each(backends)('account changes and their audit entries on %s', (backend) => {
  let t: TestApp;
  let admin: Client & { user: TestUser };

  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = (targetId: string) =>
    t.database.db.selectFrom('audit_log').select(['actor_id', 'action', 'ip', 'detail']).where('target_id', '=', targetId).orderBy('seq').execute();

  it('records sign-in, profile, password and sign-out everywhere with the account as actor and its address', async () => {
    const user = await t.userClient();
    expect((await user.patch('/api/v1/auth/me', { displayName: '  Petra Pfister ' })).json().displayName).toBe('Petra Pfister');
    expect((await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein ganz neues Passwort' })).statusCode).toBe(204);
    expect((await user.post('/api/v1/auth/logout-everywhere', {})).statusCode).toBe(204);
    const log = await entries(user.user.id);
    expect(log.map((e) => e.action)).toEqual(['auth.login', 'user.update_profile', 'auth.change_password', 'auth.logout_everywhere']);
    expect(log.every((e) => e.actor_id === user.user.id && e.ip === '127.0.0.1')).toBe(true);
    expect(log[1]!.detail).toEqual({ fields: ['displayName'] });
  });

  it('records API tokens created and revoked; revoking a token that is not one\'s own is 404 and records nothing', async () => {
    const user = await t.userClient();
    const created = (await user.post('/api/v1/auth/tokens', { name: 'Skript' })).json();
    const other = await t.userClient();
    expect((await other.delete(`/api/v1/auth/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await user.delete(`/api/v1/auth/tokens/${created.id}`)).statusCode).toBe(204);
    const log = await entries(created.id);
    expect(log.map((e) => [e.action, e.actor_id])).toEqual([
      ['token.create', user.user.id],
      ['token.revoke', user.user.id],
    ]);
    expect(log[0]!.detail).toEqual({ name: 'Skript' });
  });

  it('refuses a token expiring in the past without creating one', async () => {
    const user = await t.userClient();
    const res = await user.post('/api/v1/auth/tokens', { name: 'gestern', expiresAt: '2001-01-01' });
    expect(res.statusCode).toBe(400);
    expect((await user.get('/api/v1/auth/tokens')).json()).toEqual([]);
  });

  it('records accounts created, changed, deactivated and reactivated by an administrator', async () => {
    const res = await admin.post('/api/v1/users', { email: 'Neu.Zugang@Rathaus.example', password: 'zwölf Zeichen!', displayName: 'Neuer Zugang' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect((await admin.patch(`/api/v1/users/${id}`, { role: 'knowledge_manager' })).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${id}`, { active: false })).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${id}`, { active: true })).statusCode).toBe(200);
    const log = await entries(id);
    expect(log.map((e) => [e.action, e.actor_id])).toEqual([
      ['user.create', admin.user.id],
      ['user.update', admin.user.id],
      ['user.deactivate', admin.user.id],
      ['user.reactivate', admin.user.id],
    ]);
    expect(log[0]!.detail).toEqual({ email: 'neu.zugang@rathaus.example', role: 'user' });
    expect(log[1]!.detail).toEqual({ changes: { role: 'knowledge_manager' } });
  });

  it('refuses an e-mail another account has (409 email-taken), changing and recording nothing', async () => {
    const taken = await t.createUser();
    const user = await t.createUser({ displayName: 'Bleibt So' });
    const res = await admin.patch(`/api/v1/users/${user.id}`, { email: taken.email.toUpperCase(), displayName: 'Anders' });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('urn:stafette:problem:email-taken');
    expect((await admin.get(`/api/v1/users/${user.id}`)).json()).toMatchObject({ email: user.email, displayName: 'Bleibt So' });
    expect(await entries(user.id)).toEqual([]);
  });

  it('keeps administrators from deactivating or demoting themselves (409 self-lockout); another administrator may', async () => {
    const self = await t.userClient({ role: 'admin' });
    for (const change of [{ active: false }, { role: 'user' }, { role: 'knowledge_manager', displayName: 'Ich' }]) {
      const res = await self.patch(`/api/v1/users/${self.user.id}`, change);
      expect(res.statusCode, JSON.stringify(change)).toBe(409);
      expect(res.json().type).toBe('urn:stafette:problem:self-lockout');
    }
    expect((await self.get('/api/v1/auth/me')).json().user).toMatchObject({ role: 'admin', active: true, displayName: self.user.displayName });
    // Changing one's own name or departure date is no lockout.
    expect((await self.patch(`/api/v1/users/${self.user.id}`, { displayName: 'Selbst', plannedDepartureDate: '2030-06-30' })).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${self.user.id}`, { role: 'user' })).statusCode).toBe(200);
    expect((await entries(self.user.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['auth.login', self.user.id],
      ['user.update', self.user.id],
      ['user.update', admin.user.id],
    ]);
  });

  it('lets a knowledge manager set their own departure date but change nothing else', async () => {
    const manager = await t.userClient({ role: 'knowledge_manager' });
    expect((await manager.patch(`/api/v1/users/${manager.user.id}`, { plannedDepartureDate: '2031-01-31' })).statusCode).toBe(200);
    const res = await manager.patch(`/api/v1/users/${manager.user.id}`, { plannedDepartureDate: '2031-02-28', displayName: 'Anders' });
    expect(res.statusCode).toBe(403);
    expect((await manager.get('/api/v1/auth/me')).json().user).toMatchObject({ plannedDepartureDate: '2031-01-31', displayName: manager.user.displayName });
  });
});
