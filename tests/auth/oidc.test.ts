/**
 * Sign-in through OpenID Connect against a real provider (oidc-provider in this process): the
 * whole flow over HTTP as a browser makes it (redirects, cookies, the provider's login and
 * consent forms), the account made on first sign-in and found again by issuer and subject, groups
 * that become roles, and every refusal (tampered state, replayed code, wrong nonce, expired
 * token, wrong audience, a forged signature) ending on the login screen without a session.
 */
import type { AuthProviders, Session } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, exportJWK } from 'jose';
import { backends } from '../support/databases.ts';
import { Browser, CLIENT_ID, type OidcTestApp, signInAs, startOidcApp, startSignIn } from '../support/oidc.ts';

const ACCOUNTS = {
  'jana-2041': { email: 'jana.mueller@rathaus.example', given_name: 'Jana', family_name: 'Müller', groups: ['Bauamt-Redaktion'] },
  'soeren-77': { email: 'soeren.oehler@rathaus.example', name: 'Sören Öhler', groups: ['cn=Wiki-Admins,ou=Gruppen,dc=rathaus,dc=example'] },
  'joerg-1': { email: 'joerg.schaefer@rathaus.example', name: 'Jörg Schäfer' },
  'ohne-mail': { email: '' },
};

describe.each(backends)('OpenID Connect sign-in on %s', (backend) => {
  let t: OidcTestApp;
  beforeAll(async () => {
    t = await startOidcApp(backend, {}, ACCOUNTS);
  });
  afterAll(() => t?.close());

  const api = (path: string) => `${t.publicUrl}/api/v1${path}`;
  const browser = () => new Browser(t.publicUrl);

  /** Who the browser is signed in as at Stafette (null: not signed in). */
  async function whoAmI(b: Browser): Promise<Session['user'] | null> {
    const res = await b.request(api('/auth/me'));
    if (res.status === 401) return null;
    expect(res.status).toBe(200);
    return ((await res.json()) as Session).user;
  }

  /** Refused: back on the login screen with the code, no session cookie, not signed in. */
  async function expectRefused(b: Browser, landing: { location: string | null }, code: string) {
    expect(landing.location).toBe(`${t.publicUrl}/?loginError=${code}`);
    expect(b.cookie('stafette_session')).toBeUndefined();
    expect(await whoAmI(b)).toBeNull();
  }

  it('tells the login screen which ways in there are', async () => {
    const res = await fetch(api('/auth/providers'));
    expect(res.status).toBe(200);
    expect((await res.json()) as AuthProviders).toEqual({ local: true, oidc: { name: 'Dienstkonto Rathaus' }, ldap: false });
  });

  it('signs a new person in through the provider’s forms, creates the account from UserInfo and returns to the page they came from', async () => {
    const b = browser();
    const login = await startSignIn(b, t, '/spaces/abc?tab=mitglieder#liste');
    // The provider's own login form, reached with PKCE, state and nonce.
    expect(login.url.startsWith(t.provider.issuer)).toBe(true);
    expect(login.html).toContain('name="login"');
    // A second sign-in in another browser shows what the first one's request carried.
    const started = await browser().request(api('/auth/oidc/login'));
    const authorize = new URL(started.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${t.publicUrl}/api/v1/auth/oidc/callback`);
    expect(authorize.searchParams.get('scope')).toBe('openid profile email');

    let page = await b.submit(login, { login: 'jana-2041', password: 'beliebig' });
    expect(page.html).toContain('name="prompt" value="consent"');
    page = await b.submit(page);
    expect(page.location).toBe(`${t.publicUrl}/spaces/abc?tab=mitglieder#liste`);
    const me = await whoAmI(b);
    expect(me).toMatchObject({ email: 'jana.mueller@rathaus.example', displayName: 'Jana Müller', role: 'user', active: true });

    const identity = await t.database.db.selectFrom('user_identities').selectAll().where('user_id', '=', me!.id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ provider: 'oidc', issuer: t.provider.issuer, subject: 'jana-2041' });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', me!.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'auth.login']);
  });

  it('finds the account again by issuer and subject when the e-mail changed, and follows the new address and name', async () => {
    const first = browser();
    await signInAs(first, t, 'joerg-1');
    const before = (await whoAmI(first))!;
    t.provider.accounts.set('joerg-1', { email: 'j.schaefer@rathaus.example', name: 'Jörg Schäfer-Lübke' });
    const again = browser();
    await signInAs(again, t, 'joerg-1');
    const after = (await whoAmI(again))!;
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ email: 'j.schaefer@rathaus.example', displayName: 'Jörg Schäfer-Lübke' });
    const identities = await t.database.db.selectFrom('user_identities').select('id').where('user_id', '=', before.id).execute();
    expect(identities).toHaveLength(1);
  });

  it('applies group mappings from the groups claim at sign-in (instance role by DN, space role by name, any case)', async () => {
    const db = t.database.db;
    const { id: spaceId } = await db.insertInto('spaces').values({ name: 'Bauamt' }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('directory_group_mappings')
      .values([
        { group_name: 'wiki-admins', space_id: null, role: 'admin' },
        { group_name: 'bauamt-redaktion', space_id: spaceId, role: 'editor' },
      ])
      .execute();
    const admin = browser();
    await signInAs(admin, t, 'soeren-77');
    expect(await whoAmI(admin)).toMatchObject({ displayName: 'Sören Öhler', role: 'admin' });

    const editor = browser();
    await signInAs(editor, t, 'jana-2041');
    const jana = (await whoAmI(editor))!;
    const membership = await db.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', jana.id).executeTakeFirst();
    expect(membership?.role).toBe('editor');
  });

  it('refuses a local account with the same e-mail instead of taking it over', async () => {
    const local = await t.createUser({ email: 'hannah.koenig@rathaus.example', displayName: 'Hannah König' });
    t.provider.accounts.set('hannah-9', { email: 'Hannah.Koenig@rathaus.example', name: 'Hannah König' });
    const b = browser();
    await expectRefused(b, await signInAs(b, t, 'hannah-9'), 'account-link-not-allowed');
    const identities = await t.database.db.selectFrom('user_identities').select('id').where('user_id', '=', local.id).execute();
    expect(identities).toEqual([]);
  });

  it('refuses a person without an e-mail address', async () => {
    const b = browser();
    await expectRefused(b, await signInAs(b, t, 'ohne-mail'), 'oidc-claims-missing');
  });

  it('refuses a deactivated account', async () => {
    t.provider.accounts.set('weg-1', { email: 'ausgeschieden@rathaus.example', name: 'Ute Weg' });
    const first = browser();
    await signInAs(first, t, 'weg-1');
    const user = (await whoAmI(first))!;
    await t.database.db.updateTable('users').set({ active: false, deactivated_at: new Date() }).where('id', '=', user.id).execute();
    const b = browser();
    await expectRefused(b, await signInAs(b, t, 'weg-1'), 'account-deactivated');
  });

  it('refuses a tampered state', async () => {
    const b = browser();
    const stopped = await signInAs(b, t, 'joerg-1', { stopAtCallback: true });
    const callback = new URL(stopped.location!);
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    await expectRefused(b, await b.navigate(callback.toString()), 'oidc-state-invalid');
  });

  it('refuses a callback that belongs to another browser (login CSRF)', async () => {
    const attacker = browser();
    const stopped = await signInAs(attacker, t, 'joerg-1', { stopAtCallback: true });
    const victim = browser();
    await expectRefused(victim, await victim.navigate(stopped.location!), 'oidc-state-invalid');
  });

  it('refuses a replayed code: the same answer again, and the code with a new sign-in’s state', async () => {
    const b = browser();
    const stopped = await signInAs(b, t, 'joerg-1', { stopAtCallback: true });
    const first = await b.navigate(stopped.location!);
    expect(first.location).toBe(`${t.publicUrl}/`);
    const signedIn = b.cookie('stafette_session');
    expect(signedIn).toBeDefined();
    // The same callback again: the sign-in it answered is over.
    const again = await b.navigate(stopped.location!);
    expect(again.location).toBe(`${t.publicUrl}/?loginError=oidc-state-invalid`);

    // A new sign-in in another browser, answered with the old code: the provider refuses it.
    const other = browser();
    const fresh = await signInAs(other, t, 'joerg-1', { stopAtCallback: true });
    const replay = new URL(fresh.location!);
    replay.searchParams.set('code', new URL(stopped.location!).searchParams.get('code')!);
    await expectRefused(other, await other.navigate(replay.toString()), 'oidc-token-invalid');
  });

  it.each([
    ['a wrong nonce', (c: Record<string, unknown>) => ({ ...c, nonce: 'nicht-die-eigene' })],
    ['an expired ID token', (c: Record<string, unknown>) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 })],
    ['a wrong audience', (c: Record<string, unknown>) => ({ ...c, aud: 'ein-anderer-client', azp: 'ein-anderer-client' })],
    ['a wrong issuer', (c: Record<string, unknown>) => ({ ...c, iss: 'https://falscher-aussteller.example' })],
  ])('refuses an ID token with %s', async (_what, tamper) => {
    t.provider.tamperNextIdToken = tamper;
    const b = browser();
    await expectRefused(b, await signInAs(b, t, 'joerg-1'), 'oidc-token-invalid');
    expect(t.provider.tamperNextIdToken).toBeNull();
  });

  it('refuses an ID token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const foreign = { ...(await exportJWK(privateKey)), kid: 'test-key-1' };
    const sign = t.provider.sign.bind(t.provider);
    t.provider.tamperNextIdToken = (claims) => claims;
    t.provider.sign = (claims) => sign(claims, foreign);
    try {
      const b = browser();
      await expectRefused(b, await signInAs(b, t, 'joerg-1'), 'oidc-token-invalid');
    } finally {
      t.provider.sign = sign;
    }
  });

  it('refuses when the person cancels at the provider', async () => {
    const b = browser();
    const login = await startSignIn(b, t);
    const abort = `${login.url.replace(/\/$/, '')}/abort`;
    await expectRefused(b, await b.navigate(abort), 'oidc-denied');
  });

  it('accepts only paths of this site as returnTo', async () => {
    for (const evil of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/api/v1/auth/me']) {
      const b = browser();
      await startSignIn(b, t, evil);
      const row = await t.database.db.selectFrom('oidc_login_states').select('return_to').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect(row.return_to).toBe('/');
    }
  });

  it('ends the provider session at sign-out: the answer names the end-session URL with the ID token hint', async () => {
    const b = browser();
    await signInAs(b, t, 'joerg-1');
    const csrf = ((await (await b.request(api('/auth/session'))).json()) as Session).csrfToken;
    const res = await fetch(api('/auth/logout'), { method: 'POST', headers: { cookie: b.cookieHeader(api('/auth/logout')), 'x-csrf-token': csrf } });
    expect(res.status).toBe(200);
    const { endSessionUrl } = (await res.json()) as { endSessionUrl: string };
    const url = new URL(endSessionUrl);
    expect(url.origin).toBe(t.provider.issuer);
    expect(url.searchParams.get('id_token_hint')).toBeTruthy();
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${t.publicUrl}/`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    // Stafette's session is over already; the provider asks and then sends the browser back.
    const confirm = await b.navigate(endSessionUrl);
    const back = await b.submit(confirm, { logout: 'yes' });
    expect(back.location).toBe(`${t.publicUrl}/`);
    // Signed out at the provider too: a new sign-in shows its login form again.
    const next = await startSignIn(b, t);
    expect(next.html).toContain('name="login"');
  });

  it('a local sign-out answers 204 as before', async () => {
    const user = await t.createUser();
    const client = await t.login(user.email);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
  });
});

describe.each(backends)('OpenID Connect settings on %s', (backend) => {
  it('says the provider is unreachable instead of failing, and the back-channel answers 503', async () => {
    const t = await startOidcApp(backend);
    try {
      await t.provider.close();
      const b = new Browser(t.publicUrl);
      const landing = await b.navigate(`${t.publicUrl}/api/v1/auth/oidc/login?returnTo=/`);
      expect(landing.location).toBe(`${t.publicUrl}/?loginError=oidc-unavailable`);
      expect(b.cookie('stafette_oidc')).toBeUndefined();
      const logout = await fetch(`${t.publicUrl}/api/v1/auth/oidc/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'logout_token=a.b.c',
      });
      expect(logout.status).toBe(503);
      // Local administrators still sign in with their password.
      const admin = await t.createUser({ role: 'admin' });
      expect((await t.login(admin.email)).headers.cookie).toBeTruthy();
    } finally {
      await t.close();
    }
  });

  it('authenticates at the token endpoint with client_secret_post when told to', async () => {
    const t = await startOidcApp(backend, { STAFETTE_OIDC_CLIENT_ID: `${CLIENT_ID}-post`, STAFETTE_OIDC_TOKEN_AUTH: 'client_secret_post' }, { 'post-1': { email: 'post@rathaus.example', name: 'Paula Post' } });
    try {
      const b = new Browser(t.publicUrl);
      expect((await signInAs(b, t, 'post-1')).location).toBe(`${t.publicUrl}/`);
      expect(b.cookie('stafette_session')).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
