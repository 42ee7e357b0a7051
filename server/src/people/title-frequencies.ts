import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { topicTerms } from './topic-terms.ts';

/**
 * In how many page titles each topic word occurs, across the whole instance: what makes a word
 * distinctive for one person. Counted from the titles (small even for 20,000 pages) and kept
 * for a few minutes per database; the exact figure matters little.
 */
const TTL_MS = 5 * 60_000;
interface Frequencies {
  total: number;
  frequency: Map<string, number>;
  at: number;
}
const cache = new WeakMap<object, Promise<Frequencies>>();

export async function titleFrequencies(db: Kysely<DB>): Promise<Frequencies> {
  const cached = cache.get(db);
  if (cached) {
    const value = await cached.catch(() => null);
    if (value && Date.now() - value.at < TTL_MS) return value;
  }
  const next = count(db);
  cache.set(db, next);
  return next;
}

async function count(db: Kysely<DB>): Promise<Frequencies> {
  const rows = await db.selectFrom('pages').select('title').where('archived_at', 'is', null).execute();
  const frequency = new Map<string, number>();
  for (const { title } of rows) {
    for (const key of new Set(topicTerms(title).map((w) => w.toLocaleLowerCase('de')))) frequency.set(key, (frequency.get(key) ?? 0) + 1);
  }
  return { total: rows.length, frequency, at: Date.now() };
}
