import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { shippedSynonyms } from './synonyms-de.ts';
import { synonymKey, type Token } from './german/text.ts';

export type SynonymGroups = readonly (readonly string[])[];

/** Longest synonym term in words; longer phrases are not looked up. */
const MAX_PHRASE = 5;

/** Finds synonym terms in a query and names their equivalents. */
export class SynonymMatcher {
  readonly #byKey = new Map<string, Set<string>>();

  constructor(groups: SynonymGroups) {
    for (const group of groups) {
      for (const term of group) {
        const key = synonymKey(term);
        if (!key) continue;
        let set = this.#byKey.get(key);
        if (!set) this.#byKey.set(key, (set = new Set()));
        for (const other of group) if (synonymKey(other) !== key) set.add(other);
      }
    }
  }

  /** Equivalents of one term (a word or phrase), empty when it is in no group. */
  equivalents(term: string): string[] {
    return [...(this.#byKey.get(synonymKey(term)) ?? [])];
  }

  /**
   * Splits the query into spans, longest synonym phrase first: "öffentlicher Nahverkehr"
   * becomes one span with its equivalents, other words spans of their own.
   */
  spans(tokens: readonly Token[]): { tokens: Token[]; equivalents: string[] }[] {
    const out: { tokens: Token[]; equivalents: string[] }[] = [];
    for (let i = 0; i < tokens.length; ) {
      let taken = 1;
      let equivalents: string[] = [];
      for (let len = Math.min(MAX_PHRASE, tokens.length - i); len >= 1; len--) {
        const found = this.#byKey.get(synonymKey(tokens.slice(i, i + len).map((t) => t.text).join(' ')));
        if (found) {
          taken = len;
          equivalents = [...found];
          break;
        }
      }
      out.push({ tokens: tokens.slice(i, i + taken), equivalents });
      i += taken;
    }
    return out;
  }
}

/** Checks a group list from an administrator: trimmed, 2–20 distinct terms per group, bounded sizes. */
export function cleanSynonymGroups(groups: readonly (readonly string[])[]): string[][] {
  return groups
    .map((group) => [...new Map(group.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t.length > 0).map((t) => [synonymKey(t), t])).values()])
    .filter((group) => group.length >= 2);
}

/**
 * The shipped list plus the administrators' groups, cached per process. Another instance's
 * change arrives within `ttlMs`; this instance's own change immediately.
 */
export class SynonymStore {
  #cached: { at: number; custom: string[][]; matcher: SynonymMatcher } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly ttlMs = 30_000,
  ) {}

  async custom(): Promise<string[][]> {
    return (await this.#load()).custom;
  }

  async matcher(): Promise<SynonymMatcher> {
    return (await this.#load()).matcher;
  }

  /** The effective list: shipped groups followed by the administrators' groups. */
  async effective(): Promise<string[][]> {
    return [...shippedSynonyms.map((g) => [...g]), ...(await this.custom())];
  }

  /** Replaces the administrators' groups. */
  async replace(groups: string[][], userId: string, alongside?: (trx: Transaction<DB>) => Promise<void>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await alongside?.(trx);
      await trx.deleteFrom('search_synonyms').execute();
      if (groups.length > 0) {
        await trx
          .insertInto('search_synonyms')
          .values(groups.map((terms, position) => ({ position, terms, updated_by: userId })))
          .execute();
      }
    });
    this.#cached = null;
  }

  invalidate(): void {
    this.#cached = null;
  }

  async #load() {
    if (this.#cached && Date.now() - this.#cached.at < this.ttlMs) return this.#cached;
    const rows = await this.db.selectFrom('search_synonyms').select('terms').orderBy('position').execute();
    const custom = rows.map((r) => r.terms);
    this.#cached = { at: Date.now(), custom, matcher: new SynonymMatcher([...shippedSynonyms, ...custom]) };
    return this.#cached;
  }
}
