import type { Kysely, Transaction } from 'kysely';
import type { ProcessSettingsInput, StepPeopleInput } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';

/**
 * Changes behind the process as the map of knowledge: a process's category and owner, a step's
 * responsible role and contacts, and review flags on pages whose step a new version removed.
 * Each is one transaction with its audit entry.
 */

export async function updateSettings(db: Kysely<DB>, processId: string, input: ProcessSettingsInput, actor: Actor): Promise<void> {
  if (input.ownerId) await requireActiveUser(db, input.ownerId, 'owner');
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('processes').select(['category', 'owner_id']).where('id', '=', processId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('process');
    const category = input.category === undefined ? undefined : input.category === null ? null : input.category.trim();
    await trx
      .updateTable('processes')
      .set({
        ...(category !== undefined ? { category } : {}),
        ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
        updated_at: new Date(),
        updated_by: actor.actorId,
      })
      .where('id', '=', processId)
      .execute();
    await recordAudit(trx, {
      ...actor,
      action: 'process.settings',
      targetType: 'process',
      targetId: processId,
      detail: { ...input, before: { category: before.category, ownerId: before.owner_id } },
    });
  });
}

/** Sets a step's role (null: the lane's name) and its contacts, in the order given. */
export async function setStepPeople(db: Kysely<DB>, processId: string, elementId: string, input: StepPeopleInput, actor: Actor): Promise<void> {
  for (const id of input.contactIds) await requireActiveUser(db, id, 'contact');
  await db.transaction().execute(async (trx) => {
    const step = await trx
      .selectFrom('process_steps')
      .select(['removed_in_version', 'responsible_role'])
      .where('process_id', '=', processId)
      .where('element_id', '=', elementId)
      .forUpdate()
      .executeTakeFirst();
    if (!step) throw notFound('step');
    if (step.removed_in_version !== null) throw conflict('The step is no longer part of the process.', 'step-orphaned');
    const role = input.role === null ? null : input.role.trim();
    await trx.updateTable('process_steps').set({ responsible_role: role }).where('process_id', '=', processId).where('element_id', '=', elementId).execute();
    await trx.deleteFrom('process_step_contacts').where('process_id', '=', processId).where('element_id', '=', elementId).execute();
    if (input.contactIds.length > 0) {
      await trx
        .insertInto('process_step_contacts')
        .values(input.contactIds.map((userId, position) => ({ process_id: processId, element_id: elementId, user_id: userId, position, created_by: actor.actorId })))
        .execute();
    }
    await recordAudit(trx, {
      ...actor,
      action: 'process.step.people',
      targetType: 'process',
      targetId: processId,
      detail: { elementId, role, contactIds: input.contactIds, before: { role: step.responsible_role } },
    });
  });
}

async function requireActiveUser(db: Kysely<DB>, userId: string, what: string): Promise<void> {
  const user = await db.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirst();
  if (!user) throw validationFailed(`The ${what} does not exist.`);
  if (!user.active) throw validationFailed(`The ${what} is deactivated.`);
}

/**
 * Flags every page on the given steps for review, as removed in `version` (called in the
 * transaction of the new version, for the steps it orphaned).
 */
export async function flagPagesOfRemovedSteps(trx: Transaction<DB>, processId: string, elementIds: string[], version: number): Promise<number> {
  if (elementIds.length === 0) return 0;
  const pages = await trx
    .selectFrom('process_step_pages')
    .select(['element_id', 'page_id'])
    .where('process_id', '=', processId)
    .where('element_id', 'in', elementIds)
    .execute();
  if (pages.length === 0) return 0;
  for (let i = 0; i < pages.length; i += 1000) {
    await trx
      .insertInto('process_review_flags')
      .values(pages.slice(i, i + 1000).map((p) => ({ process_id: processId, element_id: p.element_id, page_id: p.page_id, version })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return pages.length;
}

/** Resolves the open flags of a page on a step ("geprüft"); false when there were none. */
export async function resolveReviewFlags(db: Kysely<DB>, processId: string, elementId: string, pageId: string, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const resolved = await resolveOpenFlags(trx, processId, elementId, pageId, actor.actorId);
    if (resolved === 0) return false;
    await recordAudit(trx, { ...actor, action: 'process.review-flag.resolve', targetType: 'process', targetId: processId, detail: { elementId, pageId } });
    return true;
  });
}

/** Marks the open flags of a page on a step resolved (also when it is detached). */
export async function resolveOpenFlags(trx: Transaction<DB>, processId: string, elementId: string, pageId: string, by: string | null): Promise<number> {
  const rows = await trx
    .updateTable('process_review_flags')
    .set({ resolved_at: new Date(), resolved_by: by })
    .where('process_id', '=', processId)
    .where('element_id', '=', elementId)
    .where('page_id', '=', pageId)
    .where('resolved_at', 'is', null)
    .returning('version')
    .execute();
  return rows.length;
}
