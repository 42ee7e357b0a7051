import type { QueryPlan } from './plan.ts';

/**
 * Plans of recent queries, kept while the vocabulary stands still. A plan is a pure function of
 * the query text, the synonyms and search_terms (stems, document counts, compounds, typo
 * corrections): two round trips, 3–15 ms at 100,000 pages under load, for a query seen a moment
 * ago. Every committed change of the indexed documents advances `search_vocabulary_version`
 * (store.ts, after the commit), in this process or another; a plan made under another version or
 * other synonyms is made again. The age limit only bounds a writer that died between its
 * commit and advancing the counter.
 */
const MAX_PLANS = 2_000;
const MAX_AGE_MS = 10 * 60_000;

interface Entry {
  plan: QueryPlan;
  version: string;
  synonyms: string;
  at: number;
}

export class PlanCache {
  readonly #entries = new Map<string, Entry>();

  /** The plan kept for the query under this version and these synonyms; a stale one is dropped. */
  get(q: string, version: string, synonyms: string): QueryPlan | null {
    const kept = this.latest(q, synonyms);
    if (kept?.version === version) return kept.plan;
    this.#entries.delete(q);
    return null;
  }

  /**
   * The plan kept for the query under these synonyms, whatever its version: a search runs it
   * optimistically and reads the current version in the same statement (backend.ts).
   */
  latest(q: string, synonyms: string): { plan: QueryPlan; version: string } | null {
    const entry = this.#entries.get(q);
    if (!entry || entry.synonyms !== synonyms || Date.now() - entry.at > MAX_AGE_MS) return null;
    // Most recently used last, so the oldest are dropped first.
    this.#entries.delete(q);
    this.#entries.set(q, entry);
    return { plan: entry.plan, version: entry.version };
  }

  set(q: string, version: string, synonyms: string, plan: QueryPlan): void {
    this.#entries.delete(q);
    this.#entries.set(q, { plan, version, synonyms, at: Date.now() });
    while (this.#entries.size > MAX_PLANS) this.#entries.delete(this.#entries.keys().next().value!);
  }

  clear(): void {
    this.#entries.clear();
  }
}
