/**
 * OpenID Connect Back-Channel Logout 1.0: when someone signs out at the provider, the provider
 * posts a logout token and Stafette ends their session there and closes the editor open with it.
 * Logout tokens that are not the provider's, not for us, not logout tokens, or used already are
 * refused with 400 and end nothing.
 */
import type { Session } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { backends } from '../support/databases.ts';
import { connectPeer, synced, waitFor, type TestPeer } from '../support/collab.ts';
import { addMember, seedPage } from '../support/seed.ts';
import { Browser, type OidcTestApp, signInAs, startOidcApp } from '../support/oidc.ts';

describe.each(backends)('OpenID Connect back-channel logout on %s', (backend) => {
  let t: OidcTestApp;
  const peers: TestPeer[] = [];
  beforeAll(async () => {
    t = await startOidcApp(backend, {}, {
      'greta-5': { email: 'greta.fuchs@rathaus.example', name: 'Greta Fuchs-Größ' },
      'bjoern-8': { email: 'bjoern.lindqvist@rathaus.example', name: 'Björn Lindqvist' },
    });
  });
  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    await t?.close();
  });

  const api = (path: string) => `${t.publicUrl}/api/v1${path}`;

  async function signedInUser(b: Browser): Promise<Session['user'] | null> {
    const res = await b.request(api('/auth/me'));
    return res.status === 200 ? ((await res.json()) as Session).user : null;
  }

  /** A signed-in browser of `sub` and the session row's provider data. */
  async function signIn(sub: string) {
    const b = new Browser(t.publicUrl);
    expect((await signInAs(b, t, sub)).location).toBe(`${t.publicUrl}/`);
    const user = (await signedInUser(b))!;
    const row = await t.database.db
      .selectFrom('oidc_sessions')
      .innerJoin('sessions', 'sessions.id', 'oidc_sessions.session_id')
      .select(['oidc_sessions.sid', 'oidc_sessions.subject'])
      .where('sessions.user_id', '=', user.id)
      .orderBy('sessions.created_at', 'desc')
      .executeTakeFirstOrThrow();
    return { browser: b, user, sid: row.sid!, subject: row.subject };
  }

  /** An editor socket of the browser's session on a page the user edits. */
  async function openEditor(b: Browser, userId: string): Promise<TestPeer> {
    const { pageId, spaceId } = await seedPage(t.database.db);
    await addMember(t.database.db, spaceId, userId, 'editor');
    const base = `${t.publicUrl.replace('http', 'ws')}/collab`;
    const peer = connectPeer(base, pageId, { cookie: b.cookieHeader(`${t.publicUrl}/collab`) });
    peers.push(peer);
    await synced(peer);
    return peer;
  }

  const post = (token: string) =>
    fetch(api('/auth/oidc/backchannel-logout'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }).toString(),
    });

  it('signing out at the provider ends the Stafette session and closes the open editor (4401)', async () => {
    const greta = await signIn('greta-5');
    expect(greta.sid).toBeTruthy();
    const editor = await openEditor(greta.browser, greta.user.id);
    // Another person stays signed in and keeps editing.
    const bjoern = await signIn('bjoern-8');
    const other = await openEditor(bjoern.browser, bjoern.user.id);

    // Greta signs out at the provider (its own logout page, from its session cookie).
    const confirm = await greta.browser.navigate(`${t.provider.issuer}/session/end`);
    expect(confirm.html).toContain('name="xsrf"');
    await greta.browser.submit(confirm, { logout: 'yes' });
    expect(t.provider.backchannelDeliveries.at(-1)).toEqual({ ok: true });

    await waitFor(() => editor.closes.some((c) => c.code === 4401) && !editor.provider.shouldConnect, 10_000, 'editor socket closed with 4401');
    expect(await signedInUser(greta.browser)).toBeNull();
    expect(other.closes).toEqual([]);
    expect(other.provider.wsconnected).toBe(true);
    expect(await signedInUser(bjoern.browser)).toMatchObject({ id: bjoern.user.id });
    const audit = await t.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'auth.backchannel_logout').where('target_id', '=', greta.user.id).execute();
    expect(audit).toHaveLength(1);
  });

  it('a token with only sub ends every session of that person from this provider', async () => {
    const first = await signIn('bjoern-8');
    const second = await signIn('bjoern-8');
    const res = await post(await t.provider.logoutToken({ sub: first.subject }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await signedInUser(first.browser)).toBeNull();
    expect(await signedInUser(second.browser)).toBeNull();
  });

  it('a token with sid ends only that session', async () => {
    const first = await signIn('bjoern-8');
    const second = await signIn('bjoern-8');
    expect(first.sid).not.toBe(second.sid);
    expect((await post(await t.provider.logoutToken({ sub: first.subject, sid: first.sid }))).status).toBe(200);
    expect(await signedInUser(first.browser)).toBeNull();
    expect(await signedInUser(second.browser)).not.toBeNull();
  });

  it('refuses a replayed logout token', async () => {
    const someone = await signIn('bjoern-8');
    const token = await t.provider.logoutToken({ sid: someone.sid });
    expect((await post(token)).status).toBe(200);
    const again = await signIn('bjoern-8');
    // The same token again (its jti is known): refused, and the new session stays.
    const replay = await post(token);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { type: string }).type).toBe('urn:stafette:problem:logout-token-invalid');
    expect(await signedInUser(again.browser)).not.toBeNull();
  });

  it.each([
    ['for another client', { aud: 'ein-anderer-client' }],
    ['from another issuer', { iss: 'https://falscher-aussteller.example' }],
    ['without the logout event', { events: { 'http://schemas.openid.net/event/other': {} } }],
    ['with a nonce (an ID token)', { nonce: 'n-1' }],
    ['without sub and sid', { sub: undefined, sid: undefined }],
    ['without jti', { jti: undefined }],
    ['without iat', { iat: undefined }],
    ['expired', { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }],
  ])('refuses a logout token %s and ends nothing', async (_what, claims) => {
    const someone = await signIn('bjoern-8');
    const res = await post(await t.provider.logoutToken({ sub: someone.subject, sid: someone.sid, ...claims }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { type: string }).type).toBe('urn:stafette:problem:logout-token-invalid');
    expect(await signedInUser(someone.browser)).not.toBeNull();
  });

  it('refuses a logout token signed with another key, and one that is no JWT', async () => {
    const someone = await signIn('bjoern-8');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const foreign = { ...(await exportJWK(privateKey)), kid: 'test-key-1' };
    const now = Math.floor(Date.now() / 1000);
    const forged = await t.provider.sign(
      { iss: t.provider.issuer, aud: 'stafette-test', iat: now, exp: now + 60, jti: 'fremd-1', sub: someone.subject, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } },
      foreign,
    );
    expect((await post(forged)).status).toBe(400);
    expect((await post('kein.jwt.hier')).status).toBe(400);
    expect(await signedInUser(someone.browser)).not.toBeNull();
  });
});
