/**
 * Updates another instance relayed before its commit, kept until that instance says they are
 * stored. The instance that accepted them numbers its updates per document (`seq`, the number of
 * a message's last update) and confirms "stored up to seq" after each commit; what stays
 * unconfirmed longer than the take-over time is stored here instead (the other instance may
 * have died with its commit in flight, and the clients that hold the edit would not send it
 * again: this instance already has it).
 */
interface Entry {
  seq: number;
  updates: Uint8Array[];
  at: number;
}

export class Unconfirmed {
  readonly #byOrigin = new Map<string, Entry[]>();
  #drained: (() => void)[] = [];

  get empty(): boolean {
    return this.#byOrigin.size === 0;
  }

  add(origin: string, seq: number, updates: Uint8Array[], now: number): void {
    const entries = this.#byOrigin.get(origin);
    if (entries) entries.push({ seq, updates, at: now });
    else this.#byOrigin.set(origin, [{ seq, updates, at: now }]);
  }

  /** Everything of `origin` numbered up to `seq` is stored. */
  confirm(origin: string, seq: number): void {
    const entries = this.#byOrigin.get(origin);
    if (!entries) return;
    let stored = 0;
    while (stored < entries.length && entries[stored]!.seq <= seq) stored++;
    entries.splice(0, stored);
    if (entries.length === 0) this.#forget(origin);
  }

  /** Removes and returns the updates received before `before`, oldest first per origin. */
  takeOlderThan(before: number): Uint8Array[] {
    const taken: Uint8Array[] = [];
    for (const [origin, entries] of this.#byOrigin) {
      let old = 0;
      while (old < entries.length && entries[old]!.at < before) taken.push(...entries[old++]!.updates);
      entries.splice(0, old);
      if (entries.length === 0) this.#forget(origin);
    }
    return taken;
  }

  /** When the oldest entry was received (undefined when empty). */
  oldest(): number | undefined {
    let oldest: number | undefined;
    for (const entries of this.#byOrigin.values()) if (oldest === undefined || entries[0]!.at < oldest) oldest = entries[0]!.at;
    return oldest;
  }

  /** Resolves once nothing is unconfirmed. */
  drained(): Promise<void> {
    if (this.empty) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Drops everything (the document closed). */
  clear(): void {
    for (const origin of [...this.#byOrigin.keys()]) this.#forget(origin);
  }

  #forget(origin: string): void {
    this.#byOrigin.delete(origin);
    if (!this.empty) return;
    const waiting = this.#drained;
    this.#drained = [];
    for (const resolve of waiting) resolve();
  }
}
