import { isIPv4, isIPv6 } from 'node:net';
import { normaliseEmail } from '../users/users-service.ts';

/**
 * Counts failed password checks (sign-in and the current password of a password change) per
 * account and per IP in a sliding window. Only failures count, so people who type their
 * password right are never slowed; once a key is over its limit every attempt is refused until
 * the window has passed, so guessing cannot go on.
 *
 * Keys are normalised the way the account lookup and the network see them: the e-mail as the
 * lookup compares it (trimmed, lower case), so `" a@x"` or `"A@x\t"` count against `a@x`;
 * IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 network, which one host usually holds whole.
 */
export interface LimiterOptions {
  windowMs: number;
  maxPerAccount: number;
  maxPerIp: number;
}

export const defaultLimits: LimiterOptions = { windowMs: 15 * 60_000, maxPerAccount: 10, maxPerIp: 50 };

/** Keys older than the window are dropped every this many recorded failures. */
const SWEEP_EVERY = 1000;

export function accountKey(email: string): string {
  return `a:${normaliseEmail(email)}`;
}

export function ipKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return `i:${mapped[1]}`;
  if (!isIPv6(ip)) return `i:${ip}`;
  return `i:${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without zone and with `::` filled in. */
function expandIPv6(ip: string): string[] {
  const address = ip.split('%')[0]!.toLowerCase();
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 address (`64:ff9b::1.2.3.4`) fills two groups.
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(left) - width(right);
  const all = tail === undefined ? left : [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right];
  return all.map((g) => (g.includes('.') ? g : g.replace(/^0+(?=.)/, '')));
}

/**
 * What the sign-in routes ask of a limiter: this class counts in the process (one instance);
 * with a shared Redis the count is shared by all instances (cluster/shared-login-limiter.ts).
 */
export interface LoginLimits {
  retryAfter(email: string, ip: string): number | Promise<number>;
  recordFailure(email: string, ip: string): void | Promise<void>;
}

export class LoginLimiter implements LoginLimits {
  readonly #failures = new Map<string, number[]>();
  #sinceSweep = 0;

  constructor(readonly options: LimiterOptions = defaultLimits) {}

  /** Seconds until a new attempt for this account from this address is allowed, or 0. */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const account = this.#recent(accountKey(email), now);
    const byIp = this.#recent(ipKey(ip), now);
    const blockedUntil = Math.max(
      account.length >= this.options.maxPerAccount ? account[account.length - this.options.maxPerAccount]! + this.options.windowMs : 0,
      byIp.length >= this.options.maxPerIp ? byIp[byIp.length - this.options.maxPerIp]! + this.options.windowMs : 0,
    );
    return blockedUntil > now ? Math.ceil((blockedUntil - now) / 1000) : 0;
  }

  recordFailure(email: string, ip: string, now = Date.now()): void {
    for (const key of [accountKey(email), ipKey(ip)]) {
      const list = this.#recent(key, now);
      list.push(now);
      this.#failures.set(key, list);
    }
    if (++this.#sinceSweep >= SWEEP_EVERY) this.#sweep(now);
  }

  /** How many keys are tracked (bounded by the sweep). */
  get size(): number {
    return this.#failures.size;
  }

  #recent(key: string, now: number): number[] {
    const list = (this.#failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (list.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, list);
    return list;
  }

  /** Accounts tried once and never again would otherwise stay in memory for good. */
  #sweep(now: number): void {
    this.#sinceSweep = 0;
    for (const [key, list] of this.#failures) {
      if (list[list.length - 1]! <= now - this.options.windowMs) this.#failures.delete(key);
    }
  }
}
