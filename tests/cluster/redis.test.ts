import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { eventually } from '../search/support.ts';
import { startRedisServer } from '../support/redis-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('REDIS_URL', () => {
  it('is optional: unset, one instance needs no Redis', () => {
    expect(loadConfig({}).redis).toEqual({ url: null, keyPrefix: 'stafette:' });
    expect(loadConfig({ REDIS_URL: 'redis://redis:6379', STAFETTE_REDIS_PREFIX: 'rathaus:' }).redis).toEqual({ url: 'redis://redis:6379', keyPrefix: 'rathaus:' });
  });

  it('refuses what is not a Redis URL, without repeating the password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://geheim:pw@redis:6379' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://geheim:pw@redis:6379' })).not.toThrow(/pw@/);
    expect(() => loadConfig({ REDIS_URL: 'redis-server' })).toThrow(/REDIS_URL/);
  });
});

describe('health with a shared Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startRedisServer();
    t = await createTestApp('pglite', { redis: { url: redis.url, keyPrefix: `test-${process.pid}-${Date.now()}:` } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const health = async () => (await t.anonymous.get('/api/v1/health')).json() as { status: string; redisAvailable?: boolean };

  it('says "degraded" while Redis is down, keeps serving, and "ok" again once it is back', async () => {
    await eventually(async () => (await health()).redisAvailable === true, 5000);
    expect(await health()).toMatchObject({ status: 'ok', redisAvailable: true });

    await redis.stop();
    await eventually(async () => (await health()).redisAvailable === false, 5000);
    const res = await t.anonymous.get('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', redisAvailable: false });
    // The instance still serves its own people: signing in works without Redis.
    const user = await t.createUser();
    await t.login(user.email);

    await redis.start();
    // The client reconnects by itself (pauses of at most 5 s).
    await eventually(async () => (await health()).redisAvailable === true, 15_000);
    expect(await health()).toMatchObject({ status: 'ok', redisAvailable: true });
  }, 30_000);

  it('leaves the health payload as it was when REDIS_URL is unset', async () => {
    const single = await createTestApp('pglite');
    try {
      const body = (await single.anonymous.get('/api/v1/health')).json();
      expect(body.status).toBe('ok');
      expect(body).not.toHaveProperty('redisAvailable');
    } finally {
      await single.close();
    }
  });
});
