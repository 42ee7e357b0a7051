import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Review flags on pages whose step a new version removed (table process_review_flags): the
 * open ones a person has to look at, and clearing them when the page is looked after (its
 * review confirmed, re-attached to a step of the process, or the step back in the model).
 * Raising and resolving single flags: map-service.ts.
 */

export interface OpenStepFlag {
  pageId: string;
  processId: string;
  processName: string;
  elementId: string;
  stepName: string | null;
  version: number;
  flaggedAt: Date;
}

/**
 * Open flags on live pages for which `userId` answers: the page's responsible person for
 * reviews, or, when the page has none, the owner of the process.
 */
export async function openFlagsFor(db: Kysely<DB>, userId: string): Promise<OpenStepFlag[]> {
  const rows = await db
    .selectFrom('process_review_flags as f')
    .innerJoin('processes as pr', 'pr.id', 'f.process_id')
    .leftJoin('page_reviews as r', 'r.page_id', 'f.page_id')
    .leftJoin('process_steps as st', (join) => join.onRef('st.process_id', '=', 'f.process_id').onRef('st.element_id', '=', 'f.element_id'))
    .select(['f.page_id', 'f.process_id', 'pr.name as process_name', 'f.element_id', 'st.name as step_name', 'f.version', 'f.flagged_at'])
    .where('f.resolved_at', 'is', null)
    .where('pr.archived_at', 'is', null)
    .where((eb) => eb.or([eb('r.responsible_id', '=', userId), eb.and([eb('r.page_id', 'is', null), eb('pr.owner_id', '=', userId)])]))
    .orderBy('f.flagged_at')
    .execute();
  return rows.map((r) => ({
    pageId: r.page_id,
    processId: r.process_id,
    processName: r.process_name,
    elementId: r.element_id,
    stepName: r.step_name,
    version: r.version,
    flaggedAt: new Date(r.flagged_at),
  }));
}

/** Resolves every open flag of a page (in one process, or in all when `processId` is null). */
export async function resolvePageFlags(trx: Transaction<DB>, pageId: string, processId: string | null, by: string | null): Promise<number> {
  let query = trx.updateTable('process_review_flags').set({ resolved_at: new Date(), resolved_by: by }).where('page_id', '=', pageId).where('resolved_at', 'is', null);
  if (processId !== null) query = query.where('process_id', '=', processId);
  const rows = await query.returning('page_id').execute();
  return rows.length;
}

/** Resolves the open flags on steps a new version brings back into the model. */
export async function resolveReturnedStepFlags(trx: Transaction<DB>, processId: string, elementIds: string[], by: string | null): Promise<void> {
  for (let i = 0; i < elementIds.length; i += 1000) {
    await trx
      .updateTable('process_review_flags')
      .set({ resolved_at: new Date(), resolved_by: by })
      .where('process_id', '=', processId)
      .where('element_id', 'in', elementIds.slice(i, i + 1000))
      .where('resolved_at', 'is', null)
      .execute();
  }
}
