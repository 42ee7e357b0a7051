import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { eventually } from '../search/support.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const limits = { windowMs: 10 * 60_000, maxPerAccount: 4, maxPerIp: 100 };

/** Two instances sharing one Redis (each with its own limiter object, as separate processes have). */
async function twoInstances(url: string, keyPrefix: string): Promise<[TestApp, TestApp]> {
  const redis = { url, keyPrefix };
  return [
    await createTestApp('pglite', { redis }, { loginLimiter: new LoginLimiter(limits) }),
    await createTestApp('pglite', { redis }, { loginLimiter: new LoginLimiter(limits) }),
  ];
}

const attempt = (t: TestApp, email: string) => t.anonymous.post('/api/v1/auth/login', { email, password: 'falsch-geraten-123' });

describe('sign-in limits shared through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  const prefix = `test-login-${process.pid}-${Date.now()}:`;

  beforeAll(async () => {
    // The Redis running on this machine; the prefix keeps this run's counters apart.
    [a, b] = await twoInstances('redis://127.0.0.1:6379', prefix);
    await eventually(async () => a.app.redis!.available() && b.app.redis!.available(), 5000);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a guesser alternating between two instances is stopped after the limit, not twice the limit', async () => {
    const email = `ziel-${Date.now()}@example.org`;
    for (let i = 0; i < limits.maxPerAccount; i++) expect((await attempt(i % 2 === 0 ? a : b, email)).statusCode).toBe(401);
    for (const instance of [a, b]) {
      const refused = await attempt(instance, email);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another account is not affected.
    expect((await attempt(b, `andere-${Date.now()}@example.org`)).statusCode).toBe(401);
  });

  it('keeps e-mail addresses out of Redis', async () => {
    const keys = await a.app.redis!.client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('@');
  });
});

describe('sign-in limits while Redis is down', () => {
  it('each instance still counts on its own, and they share again once Redis is back', async () => {
    const redis = await startRedisServer();
    const [a, b] = await twoInstances(redis.url, `test-down-${Date.now()}:`);
    try {
      await eventually(async () => a.app.redis!.available(), 5000);
      await redis.stop();
      await eventually(async () => !a.app.redis!.available() && !b.app.redis!.available(), 5000);
      const email = `ausfall-${Date.now()}@example.org`;
      for (let i = 0; i < limits.maxPerAccount; i++) expect((await attempt(a, email)).statusCode).toBe(401);
      expect((await attempt(a, email)).statusCode).toBe(429);

      await redis.start();
      await eventually(async () => a.app.redis!.available() && b.app.redis!.available(), 15_000);
      const next = `zurueck-${Date.now()}@example.org`;
      for (let i = 0; i < limits.maxPerAccount; i++) expect((await attempt(i % 2 === 0 ? a : b, next)).statusCode).toBe(401);
      expect((await attempt(b, next)).statusCode).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  }, 60_000);
});
