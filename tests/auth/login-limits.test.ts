/**
 * Password guessing is limited wherever a password is checked (sign-in and the current password
 * of a password change), under the e-mail as the account lookup reads it and under the address
 * the connection really came from: X-Forwarded-For counts only from configured proxy hops.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { parseTrustProxy } from '../../server/src/config.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';

const WRONG = 'ein falsches Passwort';

describe.each(backends)('password guessing limits on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, {}, { loginLimiter: new LoginLimiter({ windowMs: 60_000, maxPerAccount: 3, maxPerIp: 1000 }) });
  });
  afterAll(() => t?.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.anonymous.post('/api/v1/auth/login', { email, password }, { headers });

  it('counts failures under the e-mail as the lookup reads it: spaces, tabs and case give no fresh attempts', async () => {
    const user = await t.createUser();
    for (const spelled of [` ${user.email}`, `${user.email.toUpperCase()}\t`, `\n${user.email} `]) {
      expect((await login(spelled, WRONG)).statusCode).toBe(401);
    }
    for (const spelled of [user.email, ` ${user.email}`, `${user.email}\t`, user.email.toUpperCase()]) {
      const res = await login(spelled, TEST_PASSWORD);
      expect(res.statusCode, JSON.stringify(spelled)).toBe(429);
      expect(res.json().type).toBe('urn:stafette:problem:too-many-requests');
    }
  });

  it('limits checks of the current password in a password change, sharing the sign-in budget', async () => {
    const user = await t.userClient();
    const change = (currentPassword: string) => user.post('/api/v1/auth/password', { currentPassword, newPassword: 'ein ganz neues Passwort' });
    expect((await login(` ${user.user.email}`, WRONG)).statusCode).toBe(401);
    expect((await change(WRONG)).statusCode).toBe(400);
    expect((await change(WRONG)).statusCode).toBe(400);
    const blocked = await change(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().type).toBe('urn:stafette:problem:too-many-requests');
    expect((await login(user.user.email, TEST_PASSWORD)).statusCode).toBe(429);
    // The blocked attempt with the right password changed nothing.
    const row = await t.database.db.selectFrom('audit_log').select('id').where('actor_id', '=', user.user.id).where('action', '=', 'auth.change_password').executeTakeFirst();
    expect(row).toBeUndefined();
  });
});

describe.each(backends)('client addresses on %s', (backend) => {
  it('ignores X-Forwarded-For by default: rotating it gives no fresh attempts and does not reach the audit log', async () => {
    const t = await createTestApp(backend, {}, { loginLimiter: new LoginLimiter({ windowMs: 60_000, maxPerAccount: 100, maxPerIp: 3 }) });
    try {
      const user = await t.createUser();
      const ok = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, { headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(ok.statusCode).toBe(200);
      for (let i = 0; i < 3; i++) {
        const res = await t.anonymous.post('/api/v1/auth/login', { email: `niemand${i}@example.org`, password: WRONG }, { headers: { 'x-forwarded-for': `10.0.0.${i}` } });
        expect(res.statusCode).toBe(401);
      }
      const blocked = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, { headers: { 'x-forwarded-for': '10.9.9.9' } });
      expect(blocked.statusCode).toBe(429);
      const audit = await t.database.db.selectFrom('audit_log').select('ip').where('actor_id', '=', user.id).where('action', '=', 'auth.login').executeTakeFirstOrThrow();
      expect(audit.ip).toBe('127.0.0.1');
    } finally {
      await t.close();
    }
  });

  it('behind one trusted proxy hop takes the address the proxy appended, never what the client wrote before it', async () => {
    const t = await createTestApp(backend, { trustProxy: 1 }, { loginLimiter: new LoginLimiter({ windowMs: 60_000, maxPerAccount: 100, maxPerIp: 3 }) });
    try {
      const user = await t.createUser();
      const viaProxy = (chosen: string) => ({ headers: { 'x-forwarded-for': `${chosen}, 203.0.113.9`, 'x-forwarded-proto': 'https' } });
      const ok = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, viaProxy('6.6.6.6'));
      expect(ok.statusCode).toBe(200);
      expect(ok.cookies.find((c) => c.name === 'stafette_session')!.secure).toBe(true);
      const audit = await t.database.db.selectFrom('audit_log').select('ip').where('actor_id', '=', user.id).where('action', '=', 'auth.login').executeTakeFirstOrThrow();
      expect(audit.ip).toBe('203.0.113.9');
      for (let i = 0; i < 3; i++) {
        expect((await t.anonymous.post('/api/v1/auth/login', { email: `niemand${i}@example.org`, password: WRONG }, viaProxy(`10.0.0.${i}`))).statusCode).toBe(401);
      }
      expect((await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, viaProxy('10.9.9.9'))).statusCode).toBe(429);
      // Another client behind the same proxy is not blocked.
      const other = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(other.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('STAFETTE_TRUST_PROXY', () => {
  it('accepts true/false as before, a hop count, or a list of proxy addresses and CIDRs', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('TRUE')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.5, 172.18.0.0/16,fd00::/8, loopback')).toEqual(['10.0.0.5', '172.18.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['ja', '10.0.0.0/33', '300.1.1.1', 'proxy.example.org', '10.0.0.1/8/8']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/STAFETTE_TRUST_PROXY/);
    }
  });

  it('trusts one hop in docker-compose.yml, where only the reverse proxy publishes ports', () => {
    const compose = fs.readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
    const trust = /STAFETTE_TRUST_PROXY:\s*"?([^"\n]+)"?/.exec(compose)?.[1] ?? '';
    expect(trust).not.toMatch(/true/i);
    expect(trust).toMatch(/:-1\}$|^1$/);
    // The service a `ports:` key belongs to: the nearest service name above it (two-space indent).
    const lines = compose.split('\n');
    const publishers = lines.flatMap((line, i) => {
      if (!/^\s+ports:\s*$/.test(line)) return [];
      const owner = lines.slice(0, i).reverse().find((l) => /^ {2}[\w-]+:\s*$/.test(l));
      return [owner?.trim().replace(':', '') ?? '?'];
    });
    // The app replicas are reachable only through the proxy, so the one hop they trust is it.
    expect(publishers).toEqual(['proxy']);
  });
});

describe('failure counting keys', () => {
  it('counts an IPv6 /64 as one address and IPv4-mapped IPv6 as IPv4', () => {
    const limiter = new LoginLimiter({ windowMs: 60_000, maxPerAccount: 100, maxPerIp: 2 });
    const now = 1_000_000;
    limiter.recordFailure('a@x', '2001:db8:1:2::1', now);
    limiter.recordFailure('b@x', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', now);
    expect(limiter.retryAfter('c@x', '2001:db8:1:2:abcd::9', now)).toBe(60);
    expect(limiter.retryAfter('c@x', '2001:db8:1:3::1', now)).toBe(0);
    limiter.recordFailure('a@x', '::ffff:192.0.2.1', now);
    limiter.recordFailure('b@x', '192.0.2.1', now);
    expect(limiter.retryAfter('c@x', '192.0.2.1', now)).toBe(60);
  });

  it('forgets keys whose failures lie outside the window', () => {
    const limiter = new LoginLimiter({ windowMs: 1000, maxPerAccount: 3, maxPerIp: 3 });
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`u${i}@x`, `192.0.2.${i % 200}`, 0);
    expect(limiter.size).toBeGreaterThan(1000);
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`v${i}@x`, '198.51.100.1', 5000);
    expect(limiter.size).toBeLessThanOrEqual(1001);
  });
});
