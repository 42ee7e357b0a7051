import type { CreateReadingPathInput } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { conflict, notFound } from '../http/problem.ts';
import { atLeast } from '../policy/access-rules.ts';
import { pageAccess } from '../policy/pages.ts';
import { processAccess } from '../policy/processes.ts';

type Db = Kysely<DB>;

/**
 * Building, assigning and following reading paths. The builder can only put on a path what
 * they can read themselves (404 otherwise, as everywhere); whether the newcomer can open an
 * item is shown to them item by item (reading-path-queries.ts).
 */

async function checkItems(db: Db, user: AuthUser, items: CreateReadingPathInput['items']): Promise<void> {
  for (const item of items) {
    if ('pageId' in item) {
      if (!atLeast((await pageAccess(db, user, item.pageId)).level, 'read')) throw notFound('page');
      continue;
    }
    const access = await processAccess(db, user, item.processId);
    if (!atLeast(access.level, 'read')) throw notFound('process');
    const step = await db
      .selectFrom('process_steps')
      .select('element_id')
      .where('process_id', '=', item.processId)
      .where('element_id', '=', item.elementId)
      .where('removed_in_version', 'is', null)
      .executeTakeFirst();
    if (!step) throw notFound('step');
  }
}

export async function createReadingPath(db: Db, user: AuthUser, input: CreateReadingPathInput, actor: UserActor, interviewId: string | null = null): Promise<string> {
  const title = input.title.trim();
  await checkItems(db, user, input.items);
  return db.transaction().execute(async (trx) => {
    const path = await trx
      .insertInto('reading_paths')
      .values({ title: title || input.title, created_by: actor.actorId, interview_id: interviewId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('reading_path_items')
      .values(
        input.items.map((item, position) => ({
          path_id: path.id,
          position,
          note: item.note?.trim() ?? '',
          ...('pageId' in item ? { page_id: item.pageId } : { process_id: item.processId, element_id: item.elementId }),
        })),
      )
      .execute();
    await recordAudit(trx, { ...actor, action: 'reading-path.create', targetType: 'reading-path', targetId: path.id, detail: { title, items: input.items.length, interviewId } });
    return path.id;
  });
}

/** Assigns the path to an active account; assigning twice keeps the first assignment and its progress. */
export async function assignReadingPath(db: Db, pathId: string, userId: string, actor: UserActor): Promise<void> {
  const assignee = await db.selectFrom('users').select(['id', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!assignee) throw notFound('user');
  if (!assignee.active) throw conflict('The account is deactivated; a reading path is for someone who works here.', 'assignee-inactive');
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('reading_path_assignments')
      .values({ path_id: pathId, user_id: userId, assigned_by: actor.actorId })
      .onConflict((oc) => oc.columns(['path_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (inserted) await recordAudit(trx, { ...actor, action: 'reading-path.assign', targetType: 'reading-path', targetId: pathId, detail: { userId } });
  });
}

/** Marks an item read now (again, after its page changed). */
export async function markItemDone(db: Db, pathId: string, position: number, userId: string): Promise<void> {
  const assigned = await db.selectFrom('reading_path_assignments').select('user_id').where('path_id', '=', pathId).where('user_id', '=', userId).executeTakeFirst();
  if (!assigned) throw conflict('This reading path is not assigned to you.', 'not-assigned');
  const item = await db.selectFrom('reading_path_items').select('position').where('path_id', '=', pathId).where('position', '=', position).executeTakeFirst();
  if (!item) throw notFound('item');
  const now = new Date();
  await db
    .insertInto('reading_path_progress')
    .values({ path_id: pathId, user_id: userId, position, done_at: now })
    .onConflict((oc) => oc.columns(['path_id', 'user_id', 'position']).doUpdateSet({ done_at: now }))
    .execute();
}
