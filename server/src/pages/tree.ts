import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { conflict, notFound } from '../http/problem.ts';

/**
 * Changes to the page tree of one space. Every function runs inside the caller's transaction
 * after `lockSpace`: tree changes within a space are serialised on the space row, so a move
 * always sees the tree as the previous move left it (no cycles, no lost pages), on PostgreSQL
 * with its pool as on PGlite with its single connection.
 */
type Trx = Transaction<DB> | Kysely<DB>;

/** Depth guard for the recursive walks, far above any real tree; protects against corrupt data. */
const MAX_DEPTH = 10_000;

/**
 * Serialises tree changes per space. `FOR NO KEY UPDATE` does not block the key-share locks
 * that foreign key checks take, so inserts elsewhere that reference the space still proceed.
 */
export async function lockSpace(trx: Transaction<DB>, spaceId: string): Promise<{ archived: boolean }> {
  const row = await trx.selectFrom('spaces').select('archived_at').where('id', '=', spaceId).forNoKeyUpdate().executeTakeFirst();
  if (!row) throw notFound('space');
  return { archived: row.archived_at !== null };
}

interface Sibling {
  id: string;
  archived: boolean;
}

async function siblings(trx: Trx, spaceId: string, parentId: string | null): Promise<Sibling[]> {
  const rows = await trx
    .selectFrom('pages')
    .select(['id', 'archived_at'])
    .where('space_id', '=', spaceId)
    .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, archived: r.archived_at !== null }));
}

/**
 * Where `position` (an index among the live siblings, as the tree shows them) falls in the full
 * sibling list, which also holds archived pages in their old places so a restore puts them back.
 */
export function slotFor(list: Sibling[], position: number | undefined): number {
  const live = list.flatMap((s, i) => (s.archived ? [] : [i]));
  if (position === undefined || position >= live.length) return list.length;
  return live[Math.max(0, position)]!;
}

/** Writes dense 0-based positions in the given order. */
async function renumber(trx: Trx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE pages SET position = v.pos - 1
    FROM unnest(${sql.val(ids)}::uuid[]) WITH ORDINALITY AS v(id, pos)
    WHERE pages.id = v.id AND pages.position <> v.pos - 1`.execute(trx);
}

/** A parent for a new or moved page: exists in the space and is not archived. */
async function checkParent(trx: Trx, spaceId: string, parentId: string): Promise<void> {
  const parent = await trx.selectFrom('pages').select(['space_id', 'archived_at']).where('id', '=', parentId).executeTakeFirst();
  if (!parent || parent.space_id !== spaceId) throw notFound('parent page');
  if (parent.archived_at) throw conflict('The parent page is archived; restore it first.', 'parent-archived');
}

export interface NewPage {
  spaceId: string;
  parentId: string | null;
  title: string;
  position?: number;
  userId: string;
}

export async function insertPage(trx: Transaction<DB>, input: NewPage): Promise<string> {
  if (input.parentId) await checkParent(trx, input.spaceId, input.parentId);
  const list = await siblings(trx, input.spaceId, input.parentId);
  const page = await trx
    .insertInto('pages')
    .values({
      space_id: input.spaceId,
      parent_id: input.parentId,
      title: input.title,
      position: list.length,
      created_by: input.userId,
      updated_by: input.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const order = list.map((s) => s.id);
  order.splice(slotFor(list, input.position), 0, page.id);
  await renumber(trx, order);
  return page.id;
}

/** Ids from the page up to its root, the page first. */
export async function ancestorIds(trx: Trx, pageId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM pages WHERE id = ${pageId}
      UNION ALL
      SELECT p.id, p.parent_id, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
    )
    SELECT id FROM up ORDER BY depth`.execute(trx);
  return rows.map((r) => r.id);
}

/** The page and all pages below it. */
export async function subtreeIds(trx: Trx, pageId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM pages WHERE id = ${pageId}
      UNION ALL
      SELECT p.id, down.depth + 1 FROM pages p JOIN down ON p.parent_id = down.id WHERE down.depth < ${MAX_DEPTH}
    )
    SELECT id FROM down ORDER BY depth`.execute(trx);
  return rows.map((r) => r.id);
}

export interface MoveResult {
  from: { parentId: string | null; position: number };
  to: { parentId: string | null; position: number };
}

/**
 * Moves a page under `parentId` (null: top level) at `position` among the live siblings.
 * Refuses (409) a move under the page itself or one of its descendants.
 */
export async function movePage(trx: Transaction<DB>, pageId: string, parentId: string | null, position: number | undefined, userId: string): Promise<MoveResult> {
  // Read after the space lock: this is the tree as the previous tree change left it.
  const page = await trx.selectFrom('pages').select(['space_id', 'parent_id', 'position', 'archived_at']).where('id', '=', pageId).executeTakeFirst();
  if (!page) throw notFound('page');
  if (page.archived_at) throw conflict('The page is archived; restore it first.', 'page-archived');
  if (parentId !== null) {
    await checkParent(trx, page.space_id, parentId);
    if ((await ancestorIds(trx, parentId)).includes(pageId)) {
      throw conflict('A page cannot be moved below itself or one of its own subpages.', 'page-move-cycle');
    }
  }
  const oldList = await siblings(trx, page.space_id, page.parent_id);
  const fromPosition = oldList.filter((s) => !s.archived).findIndex((s) => s.id === pageId);
  const remaining = oldList.filter((s) => s.id !== pageId);
  const sameParent = page.parent_id === parentId;
  const target = sameParent ? remaining : await siblings(trx, page.space_id, parentId);
  const order = target.map((s) => s.id);
  order.splice(slotFor(target, position), 0, pageId);
  await trx.updateTable('pages').set({ parent_id: parentId, updated_at: new Date(), updated_by: userId }).where('id', '=', pageId).execute();
  if (!sameParent) await renumber(trx, remaining.map((s) => s.id));
  await renumber(trx, order);
  const toPosition = order.filter((id) => id === pageId || !target.find((s) => s.id === id)?.archived).indexOf(pageId);
  return { from: { parentId: page.parent_id, position: fromPosition }, to: { parentId, position: toPosition } };
}

/** Archives the page and its live descendants, remembering this page as their archive root. */
export async function archiveSubtree(trx: Transaction<DB>, pageId: string, userId: string): Promise<string[]> {
  const ids = await subtreeIds(trx, pageId);
  const now = new Date();
  const changed = await trx
    .updateTable('pages')
    .set({ archived_at: now, archive_root_id: pageId, updated_at: now, updated_by: userId })
    .where('id', 'in', ids)
    .where('archived_at', 'is', null)
    .returning('id')
    .execute();
  return changed.map((r) => r.id);
}

/**
 * Restores what archiving this page archived; pages below it that were archived on their own
 * before stay archived. The parent must be live, else the page would hang under an archived one.
 */
export async function restoreSubtree(trx: Transaction<DB>, pageId: string, userId: string): Promise<string[]> {
  const page = await trx.selectFrom('pages').select(['parent_id', 'archived_at', 'archive_root_id']).where('id', '=', pageId).executeTakeFirstOrThrow();
  if (!page.archived_at) return [];
  if (page.parent_id) {
    const parent = await trx.selectFrom('pages').select('archived_at').where('id', '=', page.parent_id).executeTakeFirstOrThrow();
    if (parent.archived_at) throw conflict('The parent page is archived; restore it first.', 'parent-archived');
  }
  const ids = await subtreeIds(trx, pageId);
  // A page archived as part of an ancestor's subtree is restored on its own: it becomes its own root.
  const root = page.archive_root_id ?? pageId;
  const changed = await trx
    .updateTable('pages')
    .set({ archived_at: null, archive_root_id: null, updated_at: new Date(), updated_by: userId })
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('archive_root_id', '=', root), eb('id', '=', pageId)]))
    .returning('id')
    .execute();
  return changed.map((r) => r.id);
}

/** Deletes an archived page and everything below it for good; returns the deleted ids. */
export async function deleteSubtree(trx: Transaction<DB>, pageId: string): Promise<string[]> {
  const page = await trx.selectFrom('pages').select(['space_id', 'parent_id', 'archived_at']).where('id', '=', pageId).executeTakeFirstOrThrow();
  if (!page.archived_at) throw conflict('Only archived pages can be deleted; archive it first.', 'page-not-archived');
  const ids = await subtreeIds(trx, pageId);
  await trx.deleteFrom('pages').where('id', '=', pageId).execute();
  await renumber(trx, (await siblings(trx, page.space_id, page.parent_id)).map((s) => s.id));
  return ids;
}
