import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { conflict, notFound } from '../http/problem.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { archiveSubtree, deleteSubtree, insertPage, lockSpace, movePage, restoreSubtree } from './tree.ts';

/**
 * Changes to pages (not their bodies: server/src/content): each one transaction with its audit
 * entry, after `lockSpace` so tree changes within a space are serialised. Routes check access
 * before calling these; the archive state is checked again here, under the lock.
 */

export interface PageRef {
  id: string;
  spaceId: string;
}

function audit(trx: Transaction<DB>, actor: UserActor, action: string, pageId: string, detail: Record<string, unknown>) {
  return recordAudit(trx, { ...actor, action, targetType: 'page', targetId: pageId, detail });
}

async function lockLiveSpace(trx: Transaction<DB>, spaceId: string, detail = 'The space is archived; restore it first.') {
  const space = await lockSpace(trx, spaceId);
  if (space.archived) throw conflict(detail, 'space-archived');
}

export interface NewPageInput {
  spaceId: string;
  parentId: string | null;
  title: string;
  position?: number;
}

/** Creates an empty page; returns its id. */
export async function createPage(db: Kysely<DB>, input: NewPageInput, actor: UserActor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await lockLiveSpace(trx, input.spaceId);
    const pageId = await insertPage(trx, { ...input, userId: actor.actorId });
    await audit(trx, actor, 'page.create', pageId, { spaceId: input.spaceId, parentId: input.parentId, title: input.title });
    return pageId;
  });
}

export async function renamePage(db: Kysely<DB>, pageId: string, title: string, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('pages').select('title').where('id', '=', pageId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('page');
    await trx.updateTable('pages').set({ title, updated_at: new Date(), updated_by: actor.actorId }).where('id', '=', pageId).execute();
    await audit(trx, actor, 'page.update', pageId, { title, previousTitle: before.title });
  });
}

/** Moves a page under `parentId` (null: top level) at `position` among its live siblings. */
export async function movePageTo(db: Kysely<DB>, page: PageRef, parentId: string | null, position: number | undefined, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockLiveSpace(trx, page.spaceId);
    const result = await movePage(trx, page.id, parentId, position, actor.actorId);
    await audit(trx, actor, 'page.move', page.id, { ...result });
  });
}

/** Archives the page and everything below it; returns the ids that changed. */
export async function archivePage(db: Kysely<DB>, page: PageRef, actor: UserActor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await lockSpace(trx, page.spaceId);
    const ids = await archiveSubtree(trx, page.id, actor.actorId);
    if (ids.length > 0) await audit(trx, actor, 'page.archive', page.id, { pages: ids.length });
    return ids;
  });
}

/** Restores an archived page and what was archived with it; returns the ids that changed. */
export async function restorePage(db: Kysely<DB>, page: PageRef, actor: UserActor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await lockLiveSpace(trx, page.spaceId, 'The space is archived; restore the space first.');
    const ids = await restoreSubtree(trx, page.id, actor.actorId);
    if (ids.length > 0) await audit(trx, actor, 'page.restore', page.id, { pages: ids.length });
    return ids;
  });
}

/** Deletes an archived page and its subpages for good; returns the deleted ids. */
export async function deletePage(db: Kysely<DB>, page: PageRef, actor: UserActor): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await lockSpace(trx, page.spaceId);
    const row = await trx.selectFrom('pages').select('title').where('id', '=', page.id).executeTakeFirst();
    if (!row) throw notFound('page');
    const ids = await deleteSubtree(trx, page.id);
    await audit(trx, actor, 'page.delete', page.id, { spaceId: page.spaceId, title: row.title, pages: ids.length });
    return ids;
  });
}
