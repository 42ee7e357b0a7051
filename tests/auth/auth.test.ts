import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../server/src/policy/route-table.ts';
import { backends } from '../support/databases.ts';
import { Client, createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';

describe.each(backends)('accounts and sessions on %s', (backend) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp(backend);
    const a = await t.createUser({ role: 'admin', email: 'admin@rathaus.example' });
    admin = await t.login(a.email);
  });
  afterAll(() => t?.close());

  it('logs in with a session cookie that is HttpOnly and SameSite=Lax, and logs out', async () => {
    const user = await t.createUser();
    const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.email).toBe(user.email);
    expect(body.csrfToken).toMatch(/\S{20,}/);
    const cookie = res.cookies.find((c) => c.name === 'stafette_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const client = new Client(t.app, { cookie: `stafette_session=${cookie.value}`, 'x-csrf-token': body.csrfToken });
    expect((await client.get('/api/v1/auth/me')).json().user.id).toBe(user.id);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await createTestApp(backend, { trustProxy: true });
    try {
      const user = await proxied.createUser();
      const res = await proxied.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.cookies.find((c) => c.name === 'stafette_session')!.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('refuses wrong credentials with 401 problem+json', async () => {
    const user = await t.createUser();
    const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'falsches-Passwort' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('urn:stafette:problem:invalid-credentials');
    expect((await t.anonymous.post('/api/v1/auth/login', { email: 'niemand@example.org', password: TEST_PASSWORD })).statusCode).toBe(401);
  });

  it('answers the boot probe with user null when logged out, never 401', async () => {
    const res = await t.anonymous.get('/api/v1/auth/session');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null });
    expect((await t.anonymous.get('/api/v1/auth/me')).statusCode).toBe(401);
    const user = await t.userClient();
    const probe = (await user.get('/api/v1/auth/session')).json();
    expect(probe.user.id).toBe(user.user.id);
    expect(probe.csrfToken).toBe(user.headers['x-csrf-token']);
  });

  it('rotates the session id at login', async () => {
    const user = await t.createUser();
    const first = await t.login(user.email);
    const res = await first.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const second = res.cookies.find((c) => c.name === 'stafette_session')!.value;
    expect(first.headers.cookie).not.toBe(`stafette_session=${second}`);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('requires the CSRF token for cookie-authenticated changes', async () => {
    const user = await t.userClient();
    const withoutToken = new Client(t.app, { cookie: user.headers.cookie! });
    const missing = await withoutToken.post('/api/v1/auth/tokens', { name: 'x' });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().type).toBe('urn:stafette:problem:csrf-token-invalid');
    const wrong = await withoutToken.post('/api/v1/auth/tokens', { name: 'x' }, { headers: { 'x-csrf-token': 'falsch' } });
    expect(wrong.statusCode).toBe(403);
    expect((await user.post('/api/v1/auth/tokens', { name: 'x' })).statusCode).toBe(201);
  });

  it('issues personal API tokens that work as Bearer without CSRF, shown once, revocable', async () => {
    const user = await t.userClient();
    const created = await user.post('/api/v1/auth/tokens', { name: 'Import-Skript' });
    expect(created.statusCode).toBe(201);
    const { id, token, name } = created.json();
    expect(name).toBe('Import-Skript');
    const bearer = new Client(t.app, { authorization: `Bearer ${token}` });
    expect((await bearer.get('/api/v1/auth/me')).json().user.id).toBe(user.user.id);
    expect((await bearer.patch('/api/v1/auth/me', { displayName: 'Per Token' })).statusCode).toBe(200);
    const listed = (await user.get('/api/v1/auth/tokens')).json();
    expect(listed.map((x: { id: string }) => x.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await user.delete(`/api/v1/auth/tokens/${id}`)).statusCode).toBe(204);
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app, { authorization: 'Bearer stf_nonsense' }).get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('refuses expired API tokens', async () => {
    const user = await t.userClient();
    const token = (await user.post('/api/v1/auth/tokens', { name: 'kurz', expiresAt: new Date(Date.now() + 1500).toISOString() })).json().token;
    const bearer = new Client(t.app, { authorization: `Bearer ${token}` });
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('lets admins create accounts that can log in at once; others may not', async () => {
    const res = await admin.post('/api/v1/users', { email: 'neu@rathaus.example', password: 'zwölf Zeichen!', displayName: 'Neue Kollegin', role: 'knowledge_manager' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'neu@rathaus.example', role: 'knowledge_manager', active: true, plannedDepartureDate: null });
    const signedIn = await t.login('neu@rathaus.example', 'zwölf Zeichen!');
    expect((await signedIn.get('/api/v1/auth/me')).json().user).toMatchObject({ email: 'neu@rathaus.example', role: 'knowledge_manager' });
    const short = await admin.post('/api/v1/users', { email: 'kurz@rathaus.example', password: 'zu kurz', displayName: 'K' });
    expect(short.statusCode).toBe(400);
    const dup = await admin.post('/api/v1/users', { email: 'NEU@rathaus.example', password: 'zwölf Zeichen!', displayName: 'X' });
    expect(dup.statusCode).toBe(409);
    const user = await t.userClient();
    expect((await user.post('/api/v1/users', { email: 'x@rathaus.example', password: 'zwölf Zeichen!', displayName: 'X' })).statusCode).toBe(403);
  });

  it('ends every session and token of a deactivated user at once', async () => {
    const user = await t.userClient();
    const token = (await user.post('/api/v1/auth/tokens', { name: 't' })).json().token;
    const res = await admin.patch(`/api/v1/users/${user.user.id}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await user.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new Client(t.app, { authorization: `Bearer ${token}` }).get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await t.anonymous.post('/api/v1/auth/login', { email: user.user.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    await admin.patch(`/api/v1/users/${user.user.id}`, { active: true });
    expect((await (await t.login(user.user.email)).get('/api/v1/auth/me')).json().user.id).toBe(user.user.id);
  });

  it('sets planned departure dates as plain dates (knowledge managers may, users may not)', async () => {
    const km = await t.userClient({ role: 'knowledge_manager' });
    const user = await t.userClient();
    const res = await km.patch(`/api/v1/users/${user.user.id}`, { plannedDepartureDate: '2027-03-31' });
    expect(res.statusCode).toBe(200);
    expect(res.json().plannedDepartureDate).toBe('2027-03-31');
    expect((await km.patch(`/api/v1/users/${user.user.id}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await user.patch(`/api/v1/users/${km.user.id}`, { plannedDepartureDate: '2027-01-01' })).statusCode).toBe(403);
  });

  it('changes the password and ends the other sessions; signs out everywhere', async () => {
    const user = await t.userClient();
    const other = await t.login(user.user.email);
    const bad = await user.post('/api/v1/auth/password', { currentPassword: 'falsch', newPassword: 'ein ganz neues Passwort' });
    expect(bad.statusCode).toBe(400);
    // Its own problem type: the profile screen tells it apart from other refusals by the slug.
    expect(bad.json().type).toBe('urn:stafette:problem:wrong-password');
    expect((await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein ganz neues Passwort' })).statusCode).toBe(204);
    expect((await user.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    const third = await t.login(user.user.email, 'ein ganz neues Passwort');
    expect((await third.post('/api/v1/auth/logout-everywhere', {})).statusCode).toBe(204);
    expect((await user.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await third.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('answers 401 on every non-public route for anonymous callers', async () => {
    const closed = routeTable(t.app).filter((r) => r.url.startsWith('/api/v1/') && !r.public);
    expect(closed.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/v1/users');
    const notRefused: string[] = [];
    for (const { method, url } of closed) {
      const res = await t.anonymous.request(method as InjectOptions['method'], url.replace(/:\w+/g, randomUUID()), { body: {} });
      if (res.statusCode !== 401) notRefused.push(`${method} ${url}: ${res.statusCode}`);
    }
    expect(notRefused).toEqual([]);
    expect((await t.anonymous.get('/api/v1/health')).json()).toEqual({ status: 'ok', database: backend, search: 'postgres' });
    expect((await t.anonymous.get('/api/docs/json')).json().openapi).toMatch(/^3\./);
  });
});

describe('failed-login rate limit', () => {
  it('limits failures per account and per IP, but never successful logins', () => {
    const limiter = new LoginLimiter({ windowMs: 60_000, maxPerAccount: 3, maxPerIp: 5 });
    const now = 1_000_000;
    for (let i = 0; i < 20; i++) expect(limiter.retryAfter('a@x', '1.1.1.1', now)).toBe(0); // successes record nothing
    for (let i = 0; i < 3; i++) limiter.recordFailure('a@x', '1.1.1.1', now);
    expect(limiter.retryAfter('A@x', '2.2.2.2', now + 1000)).toBe(59);
    expect(limiter.retryAfter('b@x', '1.1.1.1', now + 1000)).toBe(0);
    limiter.recordFailure('c@x', '1.1.1.1', now);
    limiter.recordFailure('d@x', '1.1.1.1', now);
    expect(limiter.retryAfter('e@x', '1.1.1.1', now + 1000)).toBe(59);
    expect(limiter.retryAfter('a@x', '3.3.3.3', now + 61_000)).toBe(0);
  });
});
