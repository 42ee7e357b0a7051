import type { Kysely } from 'kysely';
import type { MarkReadInput } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { withinTokenSpaces } from './notify.ts';

type Db = Kysely<DB>;

/** Marks the caller's own notices read (others' ids are ignored); returns how many changed. */
export async function markRead(db: Db, userId: string, input: MarkReadInput, spaceIds?: readonly string[]): Promise<number> {
  let query = db
    .updateTable('notifications as n')
    .set({ read_at: new Date() })
    .where('n.user_id', '=', userId)
    .where('n.read_at', 'is', null)
    .where(withinTokenSpaces('n', spaceIds));
  if ('ids' in input) query = query.where('n.id', 'in', input.ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Watch or unwatch a page; an unwatch is remembered so automatic watching does not undo it. */
export async function setWatching(db: Db, pageId: string, watching: boolean, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('page_watches')
      .values({ page_id: pageId, user_id: actor.actorId, watching })
      .onConflict((oc) => oc.columns(['page_id', 'user_id']).doUpdateSet({ watching }))
      .execute();
    await recordAudit(trx, { ...actor, action: watching ? 'page.watch' : 'page.unwatch', targetType: 'page', targetId: pageId });
  });
}
