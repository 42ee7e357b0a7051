import type { Kysely, Transaction } from 'kysely';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { lockSpace, subtreeIds } from '../pages/tree.ts';
import { pageLevels } from './effective.ts';
import { type ClassificationKey, highest, rankOf } from './levels.ts';
import { labelOf } from './scheme.ts';

/**
 * Changes of classification levels, each audited in its transaction. A page's own level may
 * raise it above what it inherits, never set it below; lowering a page's effective level is its
 * space owner's decision (editors raise). The space's level is the owners' (spaces-service).
 */

export interface PageClassificationChange {
  /** Pages whose effective level may have changed: the page and everything below it. */
  affected: string[];
}

const downgradeDenied = () =>
  new Problem(403, 'classification-downgrade-denied', 'Lowering not allowed', 'Only owners of the space may lower the classification of a page.');

/**
 * Sets the page's own level (null: inherit). `mayLower`: the caller manages the space. Refuses
 * a level below the space's (409 `classification-below-space`) or below an ancestor page's
 * (409 `classification-below-parent`). Unchanged: nothing recorded, nothing affected.
 */
export async function setPageClassification(
  db: Kysely<DB>,
  page: { id: string; spaceId: string },
  level: ClassificationKey | null,
  mayLower: boolean,
  actor: UserActor,
): Promise<PageClassificationChange> {
  return db.transaction().execute(async (trx) => {
    // Tree changes of the space are serialised on its row: the ancestors stay what we read.
    await lockSpace(trx, page.spaceId);
    const before = await pageLevels(trx, page.id);
    if (!before) throw notFound('page');
    if (level !== null) await refuseBelowInherited(trx, page, level, before.inheritedClassification);
    if (before.ownClassification === level) return { affected: [] };
    const after = highest(before.inheritedClassification, level);
    if (rankOf(after) < rankOf(before.classification) && !mayLower) throw downgradeDenied();
    await trx.updateTable('pages').set({ classification: level }).where('id', '=', page.id).execute();
    await recordAudit(trx, {
      ...actor,
      action: 'page.classification.update',
      targetType: 'page',
      targetId: page.id,
      detail: { own: level, previousOwn: before.ownClassification, classification: after, previousClassification: before.classification },
    });
    return { affected: await subtreeIds(trx, page.id) };
  });
}

async function refuseBelowInherited(trx: Transaction<DB>, page: { id: string; spaceId: string }, level: ClassificationKey, inherited: ClassificationKey) {
  if (rankOf(level) >= rankOf(inherited)) return;
  const space = await trx.selectFrom('spaces').select(['name', 'classification']).where('id', '=', page.spaceId).executeTakeFirstOrThrow();
  if (rankOf(level) < rankOf(space.classification)) {
    throw conflict(`The space "${space.name}" is classified "${await labelOf(trx, space.classification)}"; a page can be raised above its space, not set below it.`, 'classification-below-space');
  }
  throw conflict(`A page above this one is classified "${await labelOf(trx, inherited)}"; sub-pages inherit it and cannot be set below it.`, 'classification-below-parent');
}

/**
 * Sets a space's level inside the transaction of the space update (its owners); audited on its
 * own as `space.classification.update`. Returns whether it changed.
 */
export async function setSpaceClassification(trx: Transaction<DB>, spaceId: string, level: ClassificationKey, actor: UserActor): Promise<boolean> {
  const before = await trx.selectFrom('spaces').select('classification').where('id', '=', spaceId).forNoKeyUpdate().executeTakeFirst();
  if (!before) throw notFound('space');
  if (before.classification === level) return false;
  await trx.updateTable('spaces').set({ classification: level, updated_at: new Date() }).where('id', '=', spaceId).execute();
  await recordAudit(trx, {
    ...actor,
    action: 'space.classification.update',
    targetType: 'space',
    targetId: spaceId,
    detail: { classification: level, previousClassification: before.classification },
  });
  return true;
}
