/**
 * Counts failed logins per account and per IP in a sliding window. Only failures count, so
 * people who type their password right are never slowed; once a key is over its limit every
 * attempt is refused until the window has passed, so guessing cannot go on.
 */
export interface LimiterOptions {
  windowMs: number;
  maxPerAccount: number;
  maxPerIp: number;
}

export const defaultLimits: LimiterOptions = { windowMs: 15 * 60_000, maxPerAccount: 10, maxPerIp: 50 };

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(readonly options: LimiterOptions = defaultLimits) {}

  /** Seconds until a new attempt is allowed, or 0. */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const account = this.#recent(`a:${email.toLowerCase()}`, now);
    const byIp = this.#recent(`i:${ip}`, now);
    const blockedUntil = Math.max(
      account.length >= this.options.maxPerAccount ? account[account.length - this.options.maxPerAccount]! + this.options.windowMs : 0,
      byIp.length >= this.options.maxPerIp ? byIp[byIp.length - this.options.maxPerIp]! + this.options.windowMs : 0,
    );
    return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : 0;
  }

  recordFailure(email: string, ip: string, now = Date.now()): void {
    for (const key of [`a:${email.toLowerCase()}`, `i:${ip}`]) {
      const list = this.#recent(key, now);
      list.push(now);
      this.#failures.set(key, list);
    }
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }
}
