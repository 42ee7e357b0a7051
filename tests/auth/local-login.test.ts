/**
 * `STAFETTE_LOCAL_LOGIN=false`: people sign in through the directory; the password form is only
 * for administrators (the way in when the directory is down). The login screen learns this from
 * GET /auth/providers.
 */
import type { AuthProviders } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';

describe.each(backends)('password sign-in turned off on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, { localLogin: loadConfig({ STAFETTE_LOCAL_LOGIN: 'false' }).localLogin });
  });
  afterAll(() => t?.close());

  it('the providers route says so', async () => {
    const res = await t.anonymous.get('/api/v1/auth/providers');
    expect(res.statusCode).toBe(200);
    expect(res.json() as AuthProviders).toEqual({ local: false, oidc: null, ldap: false });
  });

  it('refuses the right password of a non-admin account with local-login-disabled, and no session', async () => {
    for (const role of ['user', 'knowledge_manager'] as const) {
      const user = await t.createUser({ role });
      const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('urn:stafette:problem:local-login-disabled');
      expect(res.cookies.find((c) => c.name === 'stafette_session')).toBeUndefined();
    }
  });

  it('a wrong password stays invalid-credentials (nothing learnt about the account)', async () => {
    const user = await t.createUser();
    const res = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'falsches-Passwort-123' });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('urn:stafette:problem:invalid-credentials');
  });

  it('administrators still sign in with their password', async () => {
    const admin = await t.createUser({ role: 'admin' });
    const client = await t.login(admin.email);
    expect((await client.get('/api/v1/auth/me')).json().user.role).toBe('admin');
  });
});

describe.each(backends)('sign-in providers by default on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('offers the password form only; the OpenID Connect routes answer 404', async () => {
    expect((await t.anonymous.get('/api/v1/auth/providers')).json()).toEqual({ local: true, oidc: null, ldap: false });
    expect((await t.anonymous.get('/api/v1/auth/oidc/login')).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/auth/oidc/callback?code=x&state=y')).statusCode).toBe(404);
    const logout = await t.anonymous.post('/api/v1/auth/oidc/backchannel-logout', 'logout_token=a.b.c', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(logout.statusCode).toBe(404);
  });
});
