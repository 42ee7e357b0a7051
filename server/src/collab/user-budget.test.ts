import { afterEach, describe, expect, it } from 'vitest';
import { defaultCollabOptions } from './options.ts';
import { RateLimit } from './rate-limit.ts';
import { type SettleAnswer, type SettleReport, type SharedBudgetStore, UserBudget } from './user-budget.ts';

/** The Redis script's bookkeeping in memory (cluster/shared-user-budget.ts), one handle per instance. */
class MemoryStore {
  up = true;
  readonly messages = new Map<string, number>();
  readonly sockets = new Map<string, Map<string, number>>();

  for(instance: string): SharedBudgetStore {
    return {
      available: () => this.up,
      settle: async (reports: SettleReport[]): Promise<SettleAnswer[]> => {
        if (!this.up) throw new Error('store away');
        return reports.map((r) => {
          const add = (window: number, n: number) => {
            const key = `${r.userId}:${window}`;
            this.messages.set(key, (this.messages.get(key) ?? 0) + n);
            return this.messages.get(key)!;
          };
          const entries = this.sockets.get(r.userId) ?? new Map<string, number>();
          this.sockets.set(r.userId, entries);
          if (r.sockets > 0) entries.set(instance, r.sockets);
          else entries.delete(instance);
          const otherSockets = [...entries].filter(([i]) => i !== instance).reduce((n, [, c]) => n + c, 0);
          return { previous: add(r.window - 1, r.addPrevious), current: add(r.window, r.addCurrent), otherSockets };
        });
      },
    };
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
const budgets: UserBudget[] = [];
const budget = (clock: () => number, limits = defaultCollabOptions) => {
  const b = new UserBudget(limits, clock);
  budgets.push(b);
  return b;
};
afterEach(() => {
  for (const b of budgets.splice(0)) b.close();
});

/** Sends `perSecond` messages of `user` spread evenly over `seconds`; how many were refused. */
function send(b: UserBudget, user: string, clock: { now: number }, perSecond: number, seconds: number): number {
  let refused = 0;
  let due = 0;
  const start = clock.now;
  for (let ms = 0; ms < seconds * 1000; ms++) {
    clock.now = start + ms;
    for (due += perSecond / 1000; due >= 1; due--) if (!b.take(user)) refused++;
  }
  return refused;
}

describe('UserBudget (defaults: 5,000 messages/s over 10 s, 1,000 sockets per user)', () => {
  it('lets real use through: one socket at its own limit, tabs typing and a paste, 20 tabs reconnecting with an offline queue', () => {
    const clock = { now: 1_000_000 };
    const b = budget(() => clock.now);
    // One socket at the most its own limit allows (4,000 at once, then 2,000/s) for 15 s.
    expect(b.take('solo')).toBe(true);
    for (let i = 1; i < 4000; i++) expect(b.take('solo')).toBe(true);
    expect(send(b, 'solo', clock, 2000, 15)).toBe(0);
    // Three tabs typing fast (keystroke + cursor ≈ 40 messages/s each), one of them pasting 3,000 updates.
    for (let i = 0; i < 3000; i++) expect(b.take('typist')).toBe(true);
    expect(send(b, 'typist', clock, 120, 20)).toBe(0);
    // 20 tabs (page and interview each) reconnect: 40 sockets, while the 40 old ones are not yet
    // noticed gone; each sends sync, presence and an offline queue of 200 updates.
    const sockets = Array.from({ length: 80 }, () => ({}));
    return Promise.all(sockets.map((s) => b.admit('tabs', s))).then((admitted) => {
      expect(admitted.every(Boolean)).toBe(true);
      let refused = 0;
      for (let i = 0; i < 40 * 203; i++) if (!b.take('tabs')) refused++;
      expect(refused).toBe(0);
    });
  });

  it('cuts a flood over many sockets within seconds and lets the user back once the average came down', () => {
    const clock = { now: 5_000_000 };
    const b = budget(() => clock.now);
    // 20 sockets, each within its own limit (2,000/s): 40,000/s for the user.
    const sockets = Array.from({ length: 20 }, () => new RateLimit(2000, 4000, () => clock.now));
    const start = clock.now;
    let firstRefusal = -1;
    for (let ms = 0; ms < 3000 && firstRefusal < 0; ms++) {
      clock.now = start + ms;
      for (let i = 0; i < 40 && firstRefusal < 0; i++) if (sockets[i % 20]!.take() && !b.take('flood')) firstRefusal = ms;
    }
    expect(firstRefusal).toBeGreaterThan(0);
    expect(firstRefusal).toBeLessThan(2000);
    // Another user is not affected.
    expect(send(b, 'neighbour', clock, 500, 2)).toBe(0);
    // Two windows later the flooder may send again.
    clock.now += 20_000;
    expect(b.take('flood')).toBe(true);
  });

  it('refuses the 1,001st open socket of a user and admits one again after another closed', async () => {
    const b = budget(() => 0);
    const sockets = Array.from({ length: 1000 }, () => ({}));
    for (const s of sockets) expect(await b.admit('u', s)).toBe(true);
    expect(await b.admit('u', {})).toBe(false);
    expect(await b.admit('other', {})).toBe(true);
    b.release('u', sockets[0]!);
    expect(await b.admit('u', {})).toBe(true);
    expect(b.sockets('u')).toBe(1000);
  });

  it('forgets idle users', async () => {
    const clock = { now: 0 };
    const b = budget(() => clock.now);
    for (let i = 0; i < 1000; i++) {
      const s = {};
      await b.admit(`user-${i}`, s);
      b.take(`user-${i}`);
      b.release(`user-${i}`, s);
    }
    expect(b.size).toBe(1000);
    clock.now += 20_000;
    b.tick();
    expect(b.size).toBe(0);
  });
});

describe('UserBudget shared by two instances', () => {
  const limits = { ...defaultCollabOptions, userMessagesPerSecond: 100, userMessageWindowSeconds: 10, userMaxSockets: 6 };

  it('counts a user’s messages on both instances together once settled, not per message', async () => {
    const clock = { now: 7_000_000 };
    const store = new MemoryStore();
    const a = budget(() => clock.now, limits);
    const b = budget(() => clock.now, limits);
    let calls = 0;
    const onA = store.for('a');
    a.share({ available: onA.available, settle: (reports, windowMs) => (calls++, onA.settle(reports, windowMs)) });
    b.share(store.for('b'));
    // 600 of the 1,000 per window on each instance: alone each is within the budget.
    for (let i = 0; i < 600; i++) expect(a.take('u')).toBe(true);
    for (let i = 0; i < 600; i++) expect(b.take('u')).toBe(true);
    expect(calls).toBe(0);
    a.tick();
    await settled();
    b.tick();
    await settled();
    expect(calls).toBe(1);
    // B settled after A: it knows the user is over the budget; another user passes.
    expect(b.take('u')).toBe(false);
    expect(b.take('v')).toBe(true);
    // A learns at its next settlement after the user sent there again (one settlement late).
    expect(a.take('u')).toBe(true);
    a.tick();
    await settled();
    expect(calls).toBe(2);
    expect(a.take('u')).toBe(false);
  });

  it('counts a user’s sockets on both instances together, and the other instance’s entry goes with it', async () => {
    const store = new MemoryStore();
    const a = budget(() => 0, limits);
    const b = budget(() => 0, limits);
    a.share(store.for('a'));
    b.share(store.for('b'));
    const onA = Array.from({ length: 4 }, () => ({}));
    for (const s of onA) expect(await a.admit('u', s)).toBe(true);
    expect(await b.admit('u', {})).toBe(true);
    expect(await b.admit('u', {})).toBe(true);
    expect(await b.admit('u', {})).toBe(false);
    // Sockets closing on A make room on B after A settled.
    for (const s of onA) a.release('u', s);
    a.tick();
    await settled();
    expect(await b.admit('u', {})).toBe(true);
    expect(b.sockets('u')).toBe(3);
  });

  it('counts locally while the store is away, and together again once it is back', async () => {
    const clock = { now: 9_000_000 };
    const store = new MemoryStore();
    const a = budget(() => clock.now, limits);
    const b = budget(() => clock.now, limits);
    a.share(store.for('a'));
    b.share(store.for('b'));
    for (let i = 0; i < 600; i++) a.take('u');
    for (let i = 0; i < 600; i++) b.take('u');
    store.up = false;
    a.tick();
    b.tick();
    await settled();
    // Each instance alone: within its own count.
    expect(a.take('u')).toBe(true);
    expect(b.take('u')).toBe(true);
    // Sockets are admitted by local counts, without waiting for the store.
    for (let i = 0; i < 6; i++) expect(await a.admit('w', {})).toBe(true);
    expect(await a.admit('w', {})).toBe(false);
    store.up = true;
    a.tick();
    await settled();
    b.tick();
    await settled();
    // What each counted meanwhile reached the store: together over the budget again.
    expect(b.take('u')).toBe(false);
  });

  it('counts locally when a settlement fails', async () => {
    const a = budget(() => 0, limits);
    a.share({
      available: () => true,
      settle: async () => {
        throw new Error('timeout');
      },
    });
    expect(await a.admit('u', {})).toBe(true);
    for (let i = 0; i < 1000; i++) expect(a.take('u')).toBe(true);
    expect(a.take('u')).toBe(false);
  });
});
