import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { documentationGaps, documentedRoutes } from '../support/openapi.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { seedProcess, seedSpace } from '../support/seed.ts';

describe.each(backends)('request validation and problem details on %s', (backend) => {
  let t: TestApp;
  let user: UserClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    user = await t.userClient();
  });
  afterAll(() => t?.close());

  it('rejects unknown fields instead of dropping them', async () => {
    const res = await user.patch('/api/v1/auth/me', { displayName: 'Anna', isAdmin: true });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:stafette:problem:validation-failed', status: 400 });
    expect(res.json().detail).toContain('additional properties');
    expect((await user.get('/api/v1/auth/me')).json().user.displayName).not.toBe('Anna');
  });

  it('rejects wrong types instead of coercing them', async () => {
    const res = await user.patch('/api/v1/auth/me', { displayName: 42 });
    expect(res.statusCode).toBe(400);
    const login = await t.anonymous.post('/api/v1/auth/login', { email: ['a'], password: true });
    expect(login.statusCode).toBe(400);
  });

  it('refuses integers beyond the database range in query strings with 400, not a database error', async () => {
    const spaceId = await seedSpace(t.database.db, { owners: [user] });
    const processId = await seedProcess(t.database.db, spaceId, 'Gewerbe anmelden', ['Task_Pruefen']);
    expect((await user.get(`/api/v1/processes/${processId}/bpmn?version=1`)).statusCode).toBe(200);
    for (const version of ['1e309', '99999999999']) {
      const res = await user.get(`/api/v1/processes/${processId}/bpmn?version=${version}`);
      expect(res.statusCode, version).toBe(400);
      expect(res.json().type).toBe('urn:stafette:problem:validation-failed');
    }
  });

  it('refuses a NUL character in any request string with 400 instead of a database error', async () => {
    const login = await t.anonymous.post('/api/v1/auth/login', { email: `${user.user.email}\u0000`, password: 'x' });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ type: 'urn:stafette:problem:validation-failed' });
    expect(login.json().detail).toContain('NUL');
    const rename = await user.patch('/api/v1/auth/me', { displayName: 'Anna\u0000Lena' });
    expect(rename.statusCode).toBe(400);
    expect((await user.get('/api/v1/auth/me')).json().user.displayName).not.toContain('Anna');
    expect((await user.get('/api/v1/search?q=Bau%00amt')).statusCode).toBe(400);
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const res = await user.request('PATCH', '/api/v1/auth/me', { payload: '{"displayName": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('urn:stafette:problem:malformed-json');
  });

  it('answers a 10 MB body with 413 problem+json', async () => {
    const big = JSON.stringify({ displayName: 'x'.repeat(10 * 1024 * 1024) });
    const res = await user.request('PATCH', '/api/v1/auth/me', { payload: big, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('urn:stafette:problem:payload-too-large');
  });

  it('accepts an empty body or {} on routes that take no input', async () => {
    const a = await t.login(user.user.email);
    expect((await a.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const b = await t.login(user.user.email);
    expect((await b.post('/api/v1/auth/logout', {})).statusCode).toBe(204);
    const c = await t.login(user.user.email);
    expect((await c.request('POST', '/api/v1/auth/logout', { payload: '', headers: { 'content-type': 'application/json' } })).statusCode).toBe(204);
  });

  it('round-trips Unicode: umlauts, ß, emoji and right-to-left text', async () => {
    const name = 'Jürgen Groß 👩🏽‍💼 مرحبا Ærø';
    const res = await user.patch('/api/v1/auth/me', { displayName: name });
    expect(res.statusCode).toBe(200);
    expect(res.json().displayName).toBe(name);
    expect((await user.get('/api/v1/auth/me')).json().user.displayName).toBe(name);
  });

  it('answers unknown API routes with 404 problem+json', async () => {
    const res = await user.get('/api/v1/gibt-es-nicht');
    expect(res.statusCode).toBe(404);
    expect(res.json().type).toBe('urn:stafette:problem:not-found');
  });

  it('describes every API route in the OpenAPI document: summary, tag and success responses', async () => {
    const routes = await documentedRoutes(t.app);
    const login = routes.find((r) => r.method === 'POST' && r.url === '/api/v1/auth/login');
    expect(Object.keys(login?.operation?.requestBody?.content ?? {})).toContain('application/json');
    const gaps = routes.flatMap((route) => documentationGaps(route).map((gap) => `${route.method} ${route.url}: ${gap}`));
    expect(gaps).toEqual([]);
    const html = await t.anonymous.get('/api/docs');
    expect([200, 302]).toContain(html.statusCode);
  });
});
