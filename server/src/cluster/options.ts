/** Several instances on one database (server/src/cluster): the shared Redis. */
export interface RedisOptions {
  /**
   * `REDIS_URL`, e.g. `redis://redis:6379` or `rediss://user:pass@host:6380/0`. Unset: a single
   * instance, nothing needs Redis (login and collaboration limits are counted in the process).
   */
  url: string | null;
  /**
   * `STAFETTE_REDIS_PREFIX` (default `stafette:`): put before every key, so one Redis can serve
   * several installations (or test runs) without their counters meeting.
   */
  keyPrefix: string;
}

export function redisOptionsFrom(env: NodeJS.ProcessEnv): RedisOptions {
  const url = env.REDIS_URL?.trim() || null;
  if (url) {
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    // The password is not repeated in the message (it ends up in logs).
    if (protocol !== 'redis:' && protocol !== 'rediss:') throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  const keyPrefix = env.STAFETTE_REDIS_PREFIX?.trim() || 'stafette:';
  return { url, keyPrefix };
}
