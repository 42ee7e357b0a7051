import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The key distinct askers are hashed with. It lives for one period; then it is deleted together
 * with every hash made with it (ON DELETE CASCADE) and a new one is drawn. Between periods
 * nothing links a stored hash to a person: the hash needs the key, and the key is gone.
 */
export const KEY_PERIOD_DAYS = 30;

export async function currentKey(trx: Transaction<DB>, now = new Date()): Promise<{ id: number; secret: Buffer }> {
  // One key at a time: concurrent searches must not each draw a new one.
  await sql`SELECT pg_advisory_xact_lock(hashtext('search_gap_keys'))`.execute(trx);
  const cutoff = new Date(now.getTime() - KEY_PERIOD_DAYS * 86_400_000);
  await trx.deleteFrom('search_gap_keys').where('created_at', '<', cutoff).execute();
  const existing = await trx.selectFrom('search_gap_keys').select(['id', 'secret']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (existing) return existing;
  return trx.insertInto('search_gap_keys').values({ secret: randomBytes(32) }).returning(['id', 'secret']).executeTakeFirstOrThrow();
}

/** The asker's hash for one query: distinct per person and query within a key period, nothing more. */
export function askerHash(secret: Buffer, userId: string, query: string): Buffer {
  return createHmac('sha256', secret).update(userId).update('\u0000').update(query).digest();
}
