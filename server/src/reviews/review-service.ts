import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor, UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, validationFailed } from '../http/problem.ts';
import { resolvePageFlags } from '../processes/review-flags.ts';
import { readsPage } from './review-queries.ts';

/** Changes to page reviews; each is one transaction with its audit entry. */

export interface ReviewChanges {
  /** null clears the setting (no responsible person, no reviews). */
  responsibleId?: string | null;
  intervalDays?: number;
}

export const DEFAULT_INTERVAL_DAYS = 365;

/**
 * Sets, changes or clears a page's responsible person and interval. A new responsible person
 * starts a fresh clock; changing only the interval keeps the last review and moves the due date.
 */
export async function configureReview(db: Kysely<DB>, pageId: string, changes: ReviewChanges, actor: Actor): Promise<void> {
  if (changes.responsibleId) {
    const person = await db.selectFrom('users').select(['active']).where('id', '=', changes.responsibleId).executeTakeFirst();
    if (!person) throw validationFailed('The responsible person does not exist.');
    if (!person.active) throw validationFailed('The responsible person is deactivated.');
    if (!(await readsPage(db, changes.responsibleId, pageId))) throw validationFailed('The responsible person cannot read this page; add them to the space first.');
  }
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('page_reviews').selectAll().where('page_id', '=', pageId).forUpdate().executeTakeFirst();
    if (changes.responsibleId === null) {
      if (!before) return;
      await trx.deleteFrom('page_reviews').where('page_id', '=', pageId).execute();
      await recordAudit(trx, { ...actor, action: 'page.review.clear', targetType: 'page', targetId: pageId, detail: { responsibleId: before.responsible_id } });
      return;
    }
    const now = new Date();
    if (!before) {
      if (!changes.responsibleId) throw conflict('The page has no responsible person yet; send responsibleId.', 'review-not-configured');
      await trx
        .insertInto('page_reviews')
        .values({
          page_id: pageId,
          responsible_id: changes.responsibleId,
          interval_days: changes.intervalDays ?? DEFAULT_INTERVAL_DAYS,
          set_at: now,
          updated_by: actor.actorId,
          updated_at: now,
        })
        .execute();
    } else {
      const newPerson = changes.responsibleId !== undefined && changes.responsibleId !== before.responsible_id;
      await trx
        .updateTable('page_reviews')
        .set({
          ...(newPerson ? { responsible_id: changes.responsibleId!, set_at: now } : {}),
          ...(changes.intervalDays !== undefined ? { interval_days: changes.intervalDays } : {}),
          updated_by: actor.actorId,
          updated_at: now,
        })
        .where('page_id', '=', pageId)
        .execute();
    }
    await recordAudit(trx, {
      ...actor,
      action: 'page.review.configure',
      targetType: 'page',
      targetId: pageId,
      detail: {
        ...changes,
        before: before ? { responsibleId: before.responsible_id, intervalDays: before.interval_days } : null,
      },
    });
  });
}

/** The responsible person confirms the page is still correct: the clock restarts now. */
export async function confirmReview(db: Kysely<DB>, pageId: string, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    const updated = await trx
      .updateTable('page_reviews')
      .set({ last_confirmed_at: now, last_confirmed_by: actor.actorId })
      .where('page_id', '=', pageId)
      .where('responsible_id', '=', actor.actorId)
      .returning('interval_days')
      .executeTakeFirst();
    if (!updated) throw conflict('You are not (any more) the responsible person of this page.', 'not-responsible');
    // The page was checked: flags from steps removed in a process are dealt with too.
    const resolvedFlags = await resolvePageFlags(trx, pageId, null, actor.actorId);
    await recordAudit(trx, { ...actor, action: 'page.review.confirm', targetType: 'page', targetId: pageId, detail: { intervalDays: updated.interval_days, ...(resolvedFlags > 0 ? { resolvedFlags } : {}) } });
  });
}
