import { createHash, randomUUID } from 'node:crypto';
import { accountKey, ipKey, type LimiterOptions, LoginLimiter, type LoginLimits } from '../auth/login-limiter.ts';
import type { SharedRedis } from './redis-plugin.ts';

/** The failures of the window per key, oldest first, trimmed; the wait until the newest `max` have aged out. */
const RETRY_AFTER = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local blocked = 0
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[2 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local n = redis.call('ZCARD', key)
  if n >= max then
    local oldest = redis.call('ZRANGE', key, n - max, n - max, 'WITHSCORES')
    local untilMs = tonumber(oldest[2]) + window
    if untilMs > blocked then blocked = untilMs end
  end
end
return blocked`;

/** One more failure per key; only the newest `max` are kept (all the wait depends on), gone with the window. */
const RECORD = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[3 + i])
  redis.call('ZADD', key, now, ARGV[3] .. ':' .. i)
  redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
  redis.call('PEXPIRE', key, window)
end
return 0`;

/**
 * The sign-in limits (failed passwords and second-factor codes per account and per address)
 * counted in the shared Redis, so a guesser spreading attempts over instances gets no more than
 * from one. Same sliding window as the in-process LoginLimiter. Keys hold a hash of the e-mail
 * address, not the address. While Redis does not answer, each instance counts on its own (every
 * failure is counted in the process too), so limits still hold per instance.
 */
export class SharedLoginLimiter implements LoginLimits {
  constructor(
    private readonly redis: SharedRedis,
    private readonly local: LoginLimiter = new LoginLimiter(),
    readonly options: LimiterOptions = local.options,
  ) {}

  async retryAfter(email: string, ip: string, now = Date.now()): Promise<number> {
    if (this.redis.available()) {
      try {
        const blockedUntil = Number(
          await this.redis.client.eval(RETRY_AFTER, 2, ...this.#keys(email, ip), now, this.options.windowMs, this.options.maxPerAccount, this.options.maxPerIp),
        );
        return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : 0;
      } catch {
        // Redis went away between the check and the command: count in the process.
      }
    }
    return this.local.retryAfter(email, ip, now);
  }

  async recordFailure(email: string, ip: string, now = Date.now()): Promise<void> {
    this.local.recordFailure(email, ip, now);
    if (!this.redis.available()) return;
    await this.redis.client
      .eval(RECORD, 2, ...this.#keys(email, ip), now, this.options.windowMs, randomUUID(), this.options.maxPerAccount, this.options.maxPerIp)
      .catch(() => undefined);
  }

  #keys(email: string, ip: string): [string, string] {
    const hash = (key: string) => createHash('sha256').update(key).digest('base64url');
    return [`login:${hash(accountKey(email))}`, `login:${hash(ipKey(ip))}`];
  }
}
