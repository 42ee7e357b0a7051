/**
 * Two-factor sign-in (TOTP, RFC 6238): enrolment confirmed by a first code and ten recovery
 * codes shown once; sign-in in two steps (password, then a code or a recovery code) with a
 * short-lived single-use challenge; a code is accepted once (replay refused), wrong codes are
 * limited like wrong passwords; sensitive changes ask for a code; switching it off needs the
 * password and a code. Codes are generated here with otpauth, as an authenticator app would.
 */
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { backends } from '../support/databases.ts';
import { Client, createTestApp, TEST_PASSWORD, type TestApp, type UserClient } from '../support/test-app.ts';

const PROBLEM = 'urn:stafette:problem:';
const SECRET_KEY = 'ein-geheimer-Schluessel-fuer-Tests';

/** The code an authenticator shows `steps` time steps from now. */
function codeAt(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
}

/** A code the server's window does not cover, whatever step it is now. */
function staleCode(secret: string): string {
  const now = new Set([-1, 0, 1].map((s) => codeAt(secret, s)));
  for (let s = 3; ; s++) {
    const code = codeAt(secret, -s);
    if (!now.has(code)) return code;
  }
}

function clientFrom(t: TestApp, res: LightMyRequestResponse): Client {
  const cookie = res.cookies.find((c) => c.name === 'stafette_session')!;
  return new Client(t.app, { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken });
}

describe.each(backends)('two-factor sign-in on %s', (backend) => {
  let t: TestApp;
  let limiter: LoginLimiter;
  beforeAll(async () => {
    limiter = new LoginLimiter({ windowMs: 60_000, maxPerAccount: 4, maxPerIp: 1000 });
    t = await createTestApp(backend, { secretKey: SECRET_KEY }, { loginLimiter: limiter });
  });
  afterAll(() => t?.close());

  /** An account with confirmed two-factor sign-in (confirmed with the current step's code). */
  async function enrolled(role: 'user' | 'admin' | 'knowledge_manager' = 'user'): Promise<{ client: UserClient; secret: string; recoveryCodes: string[] }> {
    const client = await t.userClient({ role });
    const enrolment = await client.post('/api/v1/auth/totp/enrolment', {});
    expect(enrolment.statusCode).toBe(200);
    const { secret } = enrolment.json() as { secret: string };
    const confirm = await client.post('/api/v1/auth/totp/confirm', { code: codeAt(secret) });
    expect(confirm.statusCode).toBe(200);
    return { client, secret, recoveryCodes: confirm.json().recoveryCodes };
  }

  /** As if a few minutes passed: the last accepted step no longer blocks the next code. */
  async function timePasses(userId: string) {
    await t.database.db.updateTable('user_totp').set({ last_step: null }).where('user_id', '=', userId).execute();
  }

  const passwordStep = (email: string) => t.anonymous.post('/api/v1/auth/login', { email, password: TEST_PASSWORD });
  const secondStep = (body: Record<string, string>) => t.anonymous.post('/api/v1/auth/login/totp', body);

  it('enrols with a QR secret confirmed by a first code, and answers ten recovery codes once', async () => {
    const client = await t.userClient();
    expect((await client.get('/api/v1/auth/totp')).json()).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0, required: false, available: true });

    const enrolment = await client.post('/api/v1/auth/totp/enrolment', {});
    expect(enrolment.statusCode).toBe(200);
    const { secret, otpauthUri } = enrolment.json() as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Stafette:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const pending = (await client.get('/api/v1/auth/totp')).json();
    expect(pending).toMatchObject({ enabled: false, pending: true });
    expect(JSON.stringify(pending)).not.toContain(secret);
    // Until confirmed, signing in needs no code.
    expect((await passwordStep(client.user.email)).statusCode).toBe(200);

    const wrong = await client.post('/api/v1/auth/totp/confirm', { code: staleCode(secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().type).toBe(`${PROBLEM}invalid-second-factor`);

    const confirm = await client.post('/api/v1/auth/totp/confirm', { code: codeAt(secret) });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    const status = (await client.get('/api/v1/auth/totp')).json();
    expect(status).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10, required: false, available: true });
    // Never again: no second enrolment while on, and the database keeps neither secret nor codes in clear.
    expect((await client.post('/api/v1/auth/totp/enrolment', {})).json().type).toBe(`${PROBLEM}totp-already-enabled`);
    const stored = await t.database.db.selectFrom('user_totp').select('secret').where('user_id', '=', client.user.id).executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);
    expect(stored.secret.startsWith('v1:')).toBe(true);
    const hashes = await t.database.db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', client.user.id).execute();
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      expect(code_hash.startsWith('$argon2id$')).toBe(true);
      for (const code of codes) expect(code_hash).not.toContain(code.replace('-', ''));
    }
  });

  it('ends the account’s other sessions when two-factor sign-in is turned on; the confirming one stays', async () => {
    const client = await t.userClient();
    const elsewhere = await t.login(client.user.email);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(200);
    const { secret } = (await client.post('/api/v1/auth/totp/enrolment', {})).json() as { secret: string };
    expect((await client.post('/api/v1/auth/totp/confirm', { code: codeAt(secret) })).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('signs in with password then code: no session after the password, a session after the code; the challenge works once', async () => {
    const { client, secret } = await enrolled();
    const first = await passwordStep(client.user.email);
    expect(first.statusCode).toBe(401);
    expect(first.json()).toMatchObject({ type: `${PROBLEM}second-factor-required`, secondFactor: 'totp' });
    expect(first.cookies.find((c) => c.name === 'stafette_session')).toBeUndefined();
    const { challenge } = first.json() as { challenge: string };

    const second = await secondStep({ challenge, code: codeAt(secret, 1) });
    expect(second.statusCode).toBe(200);
    expect(second.json().user.email).toBe(client.user.email);
    const signedIn = clientFrom(t, second);
    expect((await signedIn.get('/api/v1/auth/me')).statusCode).toBe(200);

    await timePasses(client.user.id);
    const again = await secondStep({ challenge, code: codeAt(secret) });
    expect(again.statusCode).toBe(401);
    expect(again.json().type).toBe(`${PROBLEM}login-challenge-invalid`);
    const audit = await t.database.db.selectFrom('audit_log').select('detail').where('actor_id', '=', client.user.id).where('action', '=', 'auth.login').execute();
    expect(audit.map((a) => (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail))).toContainEqual({ secondFactor: 'totp' });
  });

  it('refuses a code used once already (replay within its time step), and one outside the window', async () => {
    const { client, secret } = await enrolled();
    const code = codeAt(secret, 1);
    const { challenge } = (await passwordStep(client.user.email)).json();
    expect((await secondStep({ challenge, code })).statusCode).toBe(200);

    const replay = await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toBe(`${PROBLEM}invalid-second-factor`);
    expect(replay.cookies.find((c) => c.name === 'stafette_session')).toBeUndefined();

    await timePasses(client.user.id);
    const stale = await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, code: staleCode(secret) });
    expect(stale.statusCode).toBe(401);
  });

  it('limits wrong codes like wrong passwords: after the budget even the right code waits', async () => {
    const { client, secret } = await enrolled();
    const { challenge } = (await passwordStep(client.user.email)).json();
    for (let i = 0; i < 4; i++) {
      const res = await secondStep({ challenge, code: staleCode(secret) });
      expect(res.statusCode).toBe(401);
    }
    const right = await secondStep({ challenge, code: codeAt(secret, 1) });
    expect(right.statusCode).toBe(429);
    expect(right.json().type).toBe(`${PROBLEM}too-many-requests`);
    // The password step shares the budget.
    expect((await passwordStep(client.user.email)).statusCode).toBe(429);
    const failures = await t.database.db.selectFrom('audit_log').select('id').where('actor_id', '=', client.user.id).where('action', '=', 'auth.second_factor_failed').execute();
    expect(failures).toHaveLength(4);
  });

  it('ends a challenge after five wrong codes: the password must be given again', async () => {
    const roomy = await createTestApp(backend, {}, { loginLimiter: new LoginLimiter({ windowMs: 60_000, maxPerAccount: 100, maxPerIp: 1000 }) });
    try {
      const client = await roomy.userClient();
      const { secret } = (await client.post('/api/v1/auth/totp/enrolment', {})).json();
      expect((await client.post('/api/v1/auth/totp/confirm', { code: codeAt(secret) })).statusCode).toBe(200);
      const { challenge } = (await roomy.anonymous.post('/api/v1/auth/login', { email: client.user.email, password: TEST_PASSWORD })).json();
      for (let i = 0; i < 5; i++) expect((await roomy.anonymous.post('/api/v1/auth/login/totp', { challenge, code: staleCode(secret) })).statusCode).toBe(401);
      const right = await roomy.anonymous.post('/api/v1/auth/login/totp', { challenge, code: codeAt(secret, 1) });
      expect(right.statusCode).toBe(401);
      expect(right.json().type).toBe(`${PROBLEM}login-challenge-invalid`);
    } finally {
      await roomy.close();
    }
  });

  it('accepts each recovery code once, in any spelling, and counts what is left', async () => {
    const { client, recoveryCodes } = await enrolled();
    const code = recoveryCodes[3]!;
    const first = await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, recoveryCode: ` ${code.toUpperCase()} ` });
    expect(first.statusCode).toBe(200);
    const again = await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().type).toBe(`${PROBLEM}invalid-second-factor`);
    const other = await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, recoveryCode: recoveryCodes[7]!.replace('-', '') });
    expect(other.statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/totp')).json().recoveryCodesLeft).toBe(8);
  });

  it('asks for a current code before a password change or a new API token once the sign-in is no longer recent', async () => {
    const { client, secret } = await enrolled();
    // Enrolment proved the factor just now: a token needs no further code.
    expect((await client.post('/api/v1/auth/tokens', { name: 'Gleich danach' })).statusCode).toBe(201);
    await t.database.db.updateTable('sessions').set({ second_factor_at: null }).where('user_id', '=', client.user.id).execute();

    const token = await client.post('/api/v1/auth/tokens', { name: 'Skript' });
    expect(token.statusCode).toBe(403);
    expect(token.json()).toMatchObject({ type: `${PROBLEM}second-factor-required`, secondFactor: 'totp' });
    const password = await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein-neues-Passwort-2026' });
    expect(password.json().type).toBe(`${PROBLEM}second-factor-required`);
    const wrong = await client.post('/api/v1/auth/tokens', { name: 'Skript', totpCode: staleCode(secret) });
    expect(wrong.json().type).toBe(`${PROBLEM}invalid-second-factor`);

    expect((await client.post('/api/v1/auth/tokens', { name: 'Skript', totpCode: codeAt(secret, 1) })).statusCode).toBe(201);
    // That code proved the factor again: the password change follows without another.
    expect((await client.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'ein-neues-Passwort-2026', revokeTokens: false })).statusCode).toBe(204);
  });

  it('switches off only with the password and a code; sign-in is one step again', async () => {
    const { client, secret } = await enrolled();
    await timePasses(client.user.id);
    const wrongPassword = await client.post('/api/v1/auth/totp/disable', { password: 'nicht das Passwort', code: codeAt(secret) });
    expect(wrongPassword.json().type).toBe(`${PROBLEM}wrong-password`);
    const wrongCode = await client.post('/api/v1/auth/totp/disable', { password: TEST_PASSWORD, code: staleCode(secret) });
    expect(wrongCode.json().type).toBe(`${PROBLEM}invalid-second-factor`);
    expect((await client.get('/api/v1/auth/totp')).json().enabled).toBe(true);

    expect((await client.post('/api/v1/auth/totp/disable', { password: TEST_PASSWORD, code: codeAt(secret) })).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/totp')).json()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect((await passwordStep(client.user.email)).statusCode).toBe(200);
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', client.user.id).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.totp_enable', 'auth.totp_disable']));
  });

  it('renews the recovery codes with a current code; the old ones stop working', async () => {
    const { client, secret, recoveryCodes } = await enrolled();
    const renewed = await client.post('/api/v1/auth/totp/recovery-codes', { code: codeAt(secret, 1) });
    expect(renewed.statusCode).toBe(200);
    const fresh = renewed.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect((await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, recoveryCode: recoveryCodes[0]! })).statusCode).toBe(401);
    expect((await secondStep({ challenge: (await passwordStep(client.user.email)).json().challenge, recoveryCode: fresh[0]! })).statusCode).toBe(200);
  });

  it('lets an admin reset a lost second factor: the account’s sessions end and the password alone signs in', async () => {
    const { client } = await enrolled();
    const admin = await t.userClient({ role: 'admin' });
    expect((await admin.delete(`/api/v1/users/${client.user.id}/totp`)).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await passwordStep(client.user.email)).statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/users/${client.user.id}/totp`)).statusCode).toBe(404);
  });

  it('leaves accounts without a second factor exactly as before: one step, no new members', async () => {
    const user = await t.createUser();
    const res = await passwordStep(user.email);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['csrfToken', 'user']);
  });
});

describe.each(backends)('required two-factor sign-in for admins and knowledge managers on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('is off by default; when on, such accounts without a second factor may only enrol or sign out until they have', async () => {
    const admin = await t.userClient({ role: 'admin' });
    expect((await admin.get('/api/v1/admin/security')).json()).toEqual({ requireSecondFactor: false });
    expect((await admin.put('/api/v1/admin/security', { requireSecondFactor: true })).json()).toEqual({ requireSecondFactor: true });

    const manager = await t.createUser({ role: 'knowledge_manager' });
    const login = await t.anonymous.post('/api/v1/auth/login', { email: manager.email, password: TEST_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json().enrolSecondFactor).toBe(true);
    const client = clientFrom(t, login);
    expect((await client.get('/api/v1/auth/session')).json().enrolSecondFactor).toBe(true);
    for (const url of ['/api/v1/spaces', '/api/v1/pages/recent', '/api/v1/users', '/api/v1/auth/tokens']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().type).toBe(`${PROBLEM}second-factor-enrolment-required`);
    }
    expect((await client.get('/api/v1/auth/totp')).json()).toMatchObject({ required: true, enabled: false });

    const { secret } = (await client.post('/api/v1/auth/totp/enrolment', {})).json();
    expect((await client.post('/api/v1/auth/totp/confirm', { code: codeAt(secret) })).statusCode).toBe(200);
    expect((await client.get('/api/v1/spaces')).statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/session')).json().enrolSecondFactor).toBeUndefined();
    // Switching off is refused while the rule covers the account.
    const off = await client.post('/api/v1/auth/totp/disable', { password: TEST_PASSWORD, code: codeAt(secret, 1) });
    expect(off.json().type).toBe(`${PROBLEM}second-factor-mandatory`);

    // Ordinary users are not covered; the admin who switched it on is sent to enrolment too.
    const user = await t.userClient();
    expect((await user.get('/api/v1/spaces')).statusCode).toBe(200);
    expect((await admin.get('/api/v1/spaces')).json().type).toBe(`${PROBLEM}second-factor-enrolment-required`);
    await t.database.db.updateTable('security_settings').set({ require_second_factor: false }).execute();
    expect((await admin.get('/api/v1/spaces')).statusCode).toBe(200);
  });

  it('skips directory accounts (no local password): their provider owns the second factor', async () => {
    await t.database.db.updateTable('security_settings').set({ require_second_factor: true }).execute();
    try {
      const directoryAdmin = await t.userClient({ role: 'admin' });
      await t.database.db.updateTable('users').set({ password_hash: null }).where('id', '=', directoryAdmin.user.id).execute();
      expect((await directoryAdmin.get('/api/v1/spaces')).statusCode).toBe(200);
      expect((await directoryAdmin.get('/api/v1/auth/totp')).json()).toMatchObject({ required: false, available: false });
      expect((await directoryAdmin.post('/api/v1/auth/totp/enrolment', {})).json().type).toBe(`${PROBLEM}no-local-password`);
    } finally {
      await t.database.db.updateTable('security_settings').set({ require_second_factor: false }).execute();
    }
  });
});
