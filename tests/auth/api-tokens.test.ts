/**
 * Personal API tokens end with the events that should end them: a token cannot mint tokens (so a
 * leaked one cannot outlive its revocation), and changing the password or signing out everywhere
 * revokes them unless the user keeps them on purpose. Collaboration tokens handed to sessions
 * end with those sessions.
 */
import type { ApiToken } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { Client, createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';
import { seedPage } from '../support/seed.ts';

describe.each(backends)('API tokens on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  async function tokenOf(client: Client, name = 'Skript'): Promise<Client> {
    const res = await client.post('/api/v1/auth/tokens', { name });
    expect(res.statusCode).toBe(201);
    return new Client(t.app, { authorization: `Bearer ${res.json().token}` });
  }
  const works = async (client: Client) => (await client.get('/api/v1/auth/me')).statusCode === 200;

  it('cannot create tokens with a token: 403 session-required, nothing created', async () => {
    const user = await t.userClient();
    const bearer = await tokenOf(user);
    const res = await bearer.post('/api/v1/auth/tokens', { name: 'Nachfolger' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('urn:stafette:problem:session-required');
    const names = ((await user.get('/api/v1/auth/tokens')).json() as ApiToken[]).map((x) => x.name);
    expect(names).toEqual(['Skript']);
  });

  it('revokes every token when the password changes, unless revokeTokens is false', async () => {
    const user = await t.userClient();
    const first = await tokenOf(user, 'eins');
    const second = await tokenOf(user, 'zwei');
    expect((await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein ganz neues Passwort' })).statusCode).toBe(204);
    expect(await works(first)).toBe(false);
    expect(await works(second)).toBe(false);
    expect((await user.get('/api/v1/auth/tokens')).json()).toEqual([]);
    expect(await works(user)).toBe(true);

    const kept = await tokenOf(user, 'behalten');
    const keep = await user.post('/api/v1/auth/password', { currentPassword: 'ein ganz neues Passwort', newPassword: 'noch ein neues Passwort', revokeTokens: false });
    expect(keep.statusCode).toBe(204);
    expect(await works(kept)).toBe(true);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('actor_id', '=', user.user.id)
      .where('action', '=', 'auth.change_password')
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([{ tokensRevoked: 2 }, { tokensRevoked: 0 }]);
  });

  it('revokes every token when signing out everywhere, also for a body-less request; keeps them when asked', async () => {
    const user = await t.userClient();
    const bearer = await tokenOf(user);
    expect((await user.post('/api/v1/auth/logout-everywhere')).statusCode).toBe(204);
    expect(await works(user)).toBe(false);
    expect(await works(bearer)).toBe(false);

    const again = await t.login(user.user.email);
    const kept = await tokenOf(again);
    expect((await again.post('/api/v1/auth/logout-everywhere', { revokeTokens: false })).statusCode).toBe(204);
    expect(await works(again)).toBe(false);
    expect(await works(kept)).toBe(true);

    const third = await t.login(user.user.email);
    expect((await third.post('/api/v1/auth/logout-everywhere', {})).statusCode).toBe(204);
    expect(await works(kept)).toBe(false);
  });

  it('ends the collaboration tokens sessions handed out when signing out everywhere or changing the password', async () => {
    const user = await t.userClient();
    const { pageId } = await seedPage(t.database.db, { space: { name: 'Tokenamt', editors: [user] } });
    const collabTokens = async () =>
      Number((await t.database.db.selectFrom('collab_tokens').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', user.user.id).executeTakeFirstOrThrow()).n);
    expect((await user.post(`/api/v1/pages/${pageId}/collab-token`)).statusCode).toBe(201);
    expect(await collabTokens()).toBe(1);
    expect((await user.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein ganz neues Passwort' })).statusCode).toBe(204);
    expect(await collabTokens()).toBe(0);
    expect((await user.post(`/api/v1/pages/${pageId}/collab-token`)).statusCode).toBe(201);
    expect((await user.post('/api/v1/auth/logout-everywhere')).statusCode).toBe(204);
    expect(await collabTokens()).toBe(0);
  });
});
