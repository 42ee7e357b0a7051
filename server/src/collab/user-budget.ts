/**
 * A user's collaboration budget over all their sockets (pages and interviews): messages per
 * second, averaged over a sliding window, and open sockets. Counted here on the hot path (a map
 * look-up per message); with several instances the counts are settled through a shared store
 * (server/src/cluster/shared-user-budget.ts) every `SETTLE_MS`, never per message. While the
 * store is away every instance counts only its own sockets and messages.
 *
 * The window is a sliding-window counter: windows of fixed length numbered from the epoch (the
 * instances' clocks agree on them), estimate = previous window × the part of it still inside
 * the sliding window + current window. A burst is remembered for up to two windows, so a user
 * cut off reconnects only once the average has come down.
 */

/** How often counts are settled with the other instances (ms). */
export const SETTLE_MS = 100;
/** A user whose local sockets have not changed is settled at least this often (socket entries stay alive, others' counts are learnt). */
const REFRESH_MS = 5_000;

export interface UserBudgetLimits {
  userMessagesPerSecond: number;
  userMessageWindowSeconds: number;
  userMaxSockets: number;
}

/** What this instance reports for one user at a settlement. */
export interface SettleReport {
  userId: string;
  /** The window `addCurrent` was counted in (`addPrevious` in the one before). */
  window: number;
  addPrevious: number;
  addCurrent: number;
  /** This instance's open sockets of the user (absolute, not a change). */
  sockets: number;
}

/** What the store answers for one user: message totals of all instances, sockets of the others. */
export interface SettleAnswer {
  previous: number;
  current: number;
  otherSockets: number;
}

/** The store several instances settle through (Redis); see server/src/cluster/shared-user-budget.ts. */
export interface SharedBudgetStore {
  available(): boolean;
  settle(reports: SettleReport[], windowMs: number): Promise<SettleAnswer[]>;
}

interface UserState {
  sockets: Set<object>;
  window: number;
  /** This instance's messages in the current and previous window; of those, what the store has and what it still lacks. */
  own: number;
  ownPrevious: number;
  sent: number;
  sentPrevious: number;
  unsent: number;
  unsentPrevious: number;
  /** The other instances' messages and sockets at the last settlement. */
  others: number;
  othersPrevious: number;
  otherSockets: number;
  reportedSockets: number;
  settledAt: number;
}

export class UserBudget {
  readonly #users = new Map<string, UserState>();
  readonly #windowMs: number;
  readonly #maxMessages: number;
  #store: SharedBudgetStore | null = null;
  /** Settlements run one after another (their bookkeeping assumes it). */
  #settling: Promise<void> = Promise.resolve();
  #busy = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly limits: UserBudgetLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.#windowMs = limits.userMessageWindowSeconds * 1000;
    this.#maxMessages = limits.userMessagesPerSecond * limits.userMessageWindowSeconds;
    this.#timer = setInterval(() => this.tick(), SETTLE_MS);
    this.#timer.unref();
  }

  /** Counts from now on together with the other instances through `store`. */
  share(store: SharedBudgetStore): void {
    this.#store = store;
  }

  /**
   * Counts a new socket of `userId`; false (and not counted) when the user already has the most
   * open sockets allowed here and, as far as known, on the other instances. With a shared store
   * it settles the user first, so sockets opened on other instances a moment ago count.
   */
  async admit(userId: string, socket: object): Promise<boolean> {
    const state = this.#state(userId);
    state.sockets.add(socket);
    const shared = this.#store?.available() ?? false;
    // Too many here alone is final; what the others hold is asked for now when the store is there (it may have changed since the last settlement).
    if (state.sockets.size > this.limits.userMaxSockets || (!shared && this.#socketsOver(state))) {
      state.sockets.delete(socket);
      return false;
    }
    if (shared) {
      await this.#settle([userId]);
      if (this.#socketsOver(state)) {
        state.sockets.delete(socket);
        return false;
      }
    }
    return true;
  }

  /** A socket of `userId` closed (also one refused by `admit`). */
  release(userId: string, socket: object): void {
    this.#users.get(userId)?.sockets.delete(socket);
  }

  /** Counts one message of `userId`; false (not counted) when it would take the user over the budget. */
  take(userId: string): boolean {
    const state = this.#state(userId);
    const now = this.now();
    this.#roll(state, now);
    const elapsed = (now - state.window * this.#windowMs) / this.#windowMs;
    const estimate = (state.ownPrevious + state.othersPrevious) * (1 - elapsed) + state.own + state.others;
    if (estimate + 1 > this.#maxMessages) return false;
    state.own += 1;
    state.unsent += 1;
    return true;
  }

  /** Open sockets of `userId` on this instance and, as last settled, on the others. */
  sockets(userId: string): number {
    const state = this.#users.get(userId);
    return state ? state.sockets.size + state.otherSockets : 0;
  }

  /** Users tracked in memory (bounded: idle ones are dropped). */
  get size(): number {
    return this.#users.size;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  /** Drops idle users; settles the active ones when a store is shared. */
  tick(): void {
    const now = this.now();
    const shared = this.#store?.available() ?? false;
    if (this.#store && !shared) this.#forgetOthers();
    const due: string[] = [];
    for (const [userId, state] of this.#users) {
      this.#roll(state, now);
      const counted = state.own + state.ownPrevious + state.others + state.othersPrevious;
      // An entry the store still holds is removed by a settlement (or expires there while it is away).
      if (state.sockets.size === 0 && counted === 0 && (!shared || state.reportedSockets === 0)) {
        this.#users.delete(userId);
        continue;
      }
      const unsettled = state.unsent > 0 || state.unsentPrevious > 0 || state.sockets.size !== state.reportedSockets;
      if (shared && (unsettled || (state.sockets.size > 0 && now - state.settledAt >= REFRESH_MS))) due.push(userId);
    }
    if (due.length > 0 && !this.#busy) void this.#settle(due);
  }

  #state(userId: string): UserState {
    let state = this.#users.get(userId);
    if (!state) {
      state = {
        sockets: new Set(),
        window: Math.floor(this.now() / this.#windowMs),
        own: 0,
        ownPrevious: 0,
        sent: 0,
        sentPrevious: 0,
        unsent: 0,
        unsentPrevious: 0,
        others: 0,
        othersPrevious: 0,
        otherSockets: 0,
        reportedSockets: 0,
        settledAt: 0,
      };
      this.#users.set(userId, state);
    }
    return state;
  }

  #socketsOver(state: UserState): boolean {
    return state.sockets.size + state.otherSockets > this.limits.userMaxSockets;
  }

  /** Moves the counts on when the clock has entered a later window. */
  #roll(state: UserState, now: number): void {
    const window = Math.floor(now / this.#windowMs);
    if (window === state.window) return;
    if (window === state.window + 1) {
      state.ownPrevious = state.own;
      state.sentPrevious = state.sent;
      state.unsentPrevious = state.unsent;
      state.othersPrevious = state.others;
    } else {
      state.ownPrevious = state.sentPrevious = state.unsentPrevious = state.othersPrevious = 0;
    }
    state.own = state.sent = state.unsent = state.others = 0;
    state.window = window;
  }

  /** The store is away: count only what this instance sees. */
  #forgetOthers(): void {
    for (const state of this.#users.values()) state.others = state.othersPrevious = state.otherSockets = 0;
  }

  #settle(userIds: string[]): Promise<void> {
    const run = this.#settling.then(() => this.#settleNow(userIds));
    this.#settling = run;
    return run;
  }

  async #settleNow(userIds: string[]): Promise<void> {
    const store = this.#store;
    if (!store) return;
    this.#busy = true;
    const now = this.now();
    const batch: { state: UserState; report: SettleReport }[] = [];
    for (const userId of userIds) {
      const state = this.#users.get(userId);
      if (!state) continue;
      this.#roll(state, now);
      const report = { userId, window: state.window, addPrevious: state.unsentPrevious, addCurrent: state.unsent, sockets: state.sockets.size };
      state.sent += state.unsent;
      state.sentPrevious += state.unsentPrevious;
      state.unsent = state.unsentPrevious = 0;
      batch.push({ state, report });
    }
    try {
      const answers = await store.settle(
        batch.map((b) => b.report),
        this.#windowMs,
      );
      const settledAt = this.now();
      batch.forEach(({ state, report }, i) => this.#apply(state, report, answers[i]!, settledAt));
    } catch {
      // The store went away: keep what it lacks for the next settlement and count locally.
      for (const { state, report } of batch) this.#unsend(state, report);
      this.#forgetOthers();
    } finally {
      this.#busy = false;
    }
  }

  #apply(state: UserState, report: SettleReport, answer: SettleAnswer, settledAt: number): void {
    this.#roll(state, settledAt);
    if (state.window === report.window) {
      state.others = Math.max(0, answer.current - state.sent);
      state.othersPrevious = Math.max(0, answer.previous - state.sentPrevious);
    } else if (state.window === report.window + 1) {
      state.othersPrevious = Math.max(0, answer.current - state.sentPrevious);
    }
    state.otherSockets = answer.otherSockets;
    state.reportedSockets = report.sockets;
    state.settledAt = settledAt;
  }

  #unsend(state: UserState, report: SettleReport): void {
    this.#roll(state, this.now());
    if (state.window === report.window) {
      state.sent -= report.addCurrent;
      state.unsent += report.addCurrent;
      state.sentPrevious -= report.addPrevious;
      state.unsentPrevious += report.addPrevious;
    } else if (state.window === report.window + 1) {
      state.sentPrevious -= report.addCurrent;
      state.unsentPrevious += report.addCurrent;
    }
  }
}
