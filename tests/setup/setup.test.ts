import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapInstance } from '../../server/src/setup/bootstrap.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Each case starts a new instance: no account yet. */
describe.each(backends)('first start on %s', (backend) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(backend);
  });
  afterEach(() => t?.close());

  it('issues a one-time setup link that creates the administrator, then refuses', async () => {
    expect((await t.anonymous.get('/api/v1/setup')).json()).toEqual({ required: true });
    const result = await bootstrapInstance(t.database.db, { email: null, password: null });
    expect(result.kind).toBe('setup-required');
    const token = result.kind === 'setup-required' ? result.token : '';
    const account = { email: 'chefin@rathaus.example', password: 'sicheres Passwort 1', displayName: 'Chefin' };
    expect((await t.anonymous.post('/api/v1/setup', { token: 'geraten', ...account })).statusCode).toBe(403);
    const res = await t.anonymous.post('/api/v1/setup', { token, ...account });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: 'chefin@rathaus.example', role: 'admin' });
    expect(res.cookies.find((c) => c.name === 'stafette_session')).toBeTruthy();
    expect((await t.anonymous.get('/api/v1/setup')).json()).toEqual({ required: false });
    expect((await t.anonymous.post('/api/v1/setup', { token, ...account, email: 'zweite@rathaus.example' })).statusCode).toBe(409);
    expect((await bootstrapInstance(t.database.db, { email: null, password: null })).kind).toBe('ready');
  });

  it('creates the administrator from STAFETTE_ADMIN_EMAIL, who can log in at once', async () => {
    const result = await bootstrapInstance(t.database.db, { email: 'admin@rathaus.example', password: 'aus der Umgebung 1' });
    expect(result).toEqual({ kind: 'admin-created', email: 'admin@rathaus.example' });
    const admin = await t.login('admin@rathaus.example', 'aus der Umgebung 1');
    expect((await admin.get('/api/v1/auth/me')).json().user.role).toBe('admin');
  });

  it('refuses an invalid first administrator, leaves the setup link usable and records nothing (one transaction)', async () => {
    const result = await bootstrapInstance(t.database.db, { email: null, password: null });
    const token = result.kind === 'setup-required' ? result.token : '';
    const refused = await t.anonymous.post('/api/v1/setup', { token, email: 'chef@rathaus.example', password: 'zu kurz', displayName: 'Chef' });
    expect(refused.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'user.create').execute()).toEqual([]);
    expect((await t.anonymous.get('/api/v1/setup')).json()).toEqual({ required: true });
    const res = await t.anonymous.post('/api/v1/setup', { token, email: 'chef@rathaus.example', password: 'sicheres Passwort 1', displayName: 'Chef' });
    expect(res.statusCode).toBe(201);
  });
});
