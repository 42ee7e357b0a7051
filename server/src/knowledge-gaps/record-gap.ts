import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { askerHash, currentKey } from './asker-key.ts';
import { normaliseQuery } from './normalise.ts';

/** A query is reported once this many different people asked it within one key period. */
export const MIN_ASKERS = 3;

export type GapKind = 'no_hits' | 'no_click';

/**
 * Counts a search that found nothing, or whose results nobody opened. Stored: the normalised
 * query, counts per day, the space searched in, and a keyed hash per asker (asker-key.ts) —
 * never the user id. Returns whether the query was counted.
 */
export async function recordGap(db: Kysely<DB>, input: { q: string; userId: string; spaceId: string | null; kind: GapKind }, now = new Date()): Promise<boolean> {
  const query = normaliseQuery(input.q);
  if (!query) return false;
  const day = now.toISOString().slice(0, 10);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('search_gaps')
      .values({ query, first_searched_at: now, last_searched_at: now })
      .onConflict((oc) => oc.column('query').doUpdateSet({ last_searched_at: now }))
      .execute();
    const increment = input.kind === 'no_hits' ? { no_hits: 1, no_click: 0 } : { no_hits: 0, no_click: 1 };
    await trx
      .insertInto('search_gap_days')
      .values({ query, day, ...increment })
      .onConflict((oc) =>
        oc.columns(['query', 'day']).doUpdateSet({
          no_hits: sql`search_gap_days.no_hits + ${increment.no_hits}`,
          no_click: sql`search_gap_days.no_click + ${increment.no_click}`,
        }),
      )
      .execute();
    if (input.spaceId) {
      await trx
        .insertInto('search_gap_spaces')
        .values({ query, space_id: input.spaceId, searches: 1 })
        .onConflict((oc) => oc.columns(['query', 'space_id']).doUpdateSet({ searches: sql`search_gap_spaces.searches + 1` }))
        .execute();
    }
    const key = await currentKey(trx, now);
    await trx
      .insertInto('search_gap_askers')
      .values({ key_id: key.id, query, asker: askerHash(key.secret, input.userId, query) })
      .onConflict((oc) => oc.columns(['key_id', 'query', 'asker']).doNothing())
      .execute();
    const { askers } = await trx
      .selectFrom('search_gap_askers')
      .select((eb) => eb.fn.countAll<string>().as('askers'))
      .where('key_id', '=', key.id)
      .where('query', '=', query)
      .executeTakeFirstOrThrow();
    if (Number(askers) >= MIN_ASKERS) {
      await trx.updateTable('search_gaps').set({ shown_since: now }).where('query', '=', query).where('shown_since', 'is', null).execute();
    }
  });
  return true;
}
