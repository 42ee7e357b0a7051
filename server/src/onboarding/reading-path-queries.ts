import type { MyReadingPath, MyReadingPathItem, ReadingPath, ReadingPathAssignee, ReadingPathItem } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB>;

/**
 * Reading paths as their readers and their owners see them. An item the viewer cannot open
 * (a page or process in a space they do not read) keeps its place but shows no title.
 */

interface ItemRow {
  path_id: string;
  position: number;
  page_id: string | null;
  process_id: string | null;
  element_id: string | null;
  note: string;
  page_title: string | null;
  page_space_id: string | null;
  space_name: string | null;
  content_updated_at: Date | null;
  step_name: string | null;
  process_name: string | null;
  process_space_id: string | null;
}

async function itemRows(db: Db, pathIds: readonly string[]): Promise<ItemRow[]> {
  if (pathIds.length === 0) return [];
  return db
    .selectFrom('reading_path_items as i')
    .leftJoin('pages as pg', 'pg.id', 'i.page_id')
    .leftJoin('spaces as ps', 'ps.id', 'pg.space_id')
    .leftJoin('process_steps as st', (join) => join.onRef('st.process_id', '=', 'i.process_id').onRef('st.element_id', '=', 'i.element_id'))
    .leftJoin('processes as pr', 'pr.id', 'i.process_id')
    .select([
      'i.path_id',
      'i.position',
      'i.page_id',
      'i.process_id',
      'i.element_id',
      'i.note',
      'pg.title as page_title',
      'pg.space_id as page_space_id',
      'ps.name as space_name',
      'pg.content_updated_at',
      'st.name as step_name',
      'pr.name as process_name',
      'pr.space_id as process_space_id',
    ])
    .where('i.path_id', 'in', pathIds)
    .orderBy('i.path_id')
    .orderBy('i.position')
    .execute();
}

function canRead(readable: readonly string[] | 'all', spaceId: string | null): boolean {
  return spaceId !== null && (readable === 'all' || readable.includes(spaceId));
}

function toItem(row: ItemRow, readable: readonly string[] | 'all'): ReadingPathItem {
  const isPage = row.page_id !== null;
  const available = canRead(readable, isPage ? row.page_space_id : row.process_space_id);
  return {
    index: row.position,
    kind: isPage ? 'page' : 'step',
    pageId: row.page_id,
    processId: row.process_id,
    elementId: row.element_id,
    title: available ? (isPage ? row.page_title : (row.step_name ?? row.element_id)) : null,
    context: available ? (isPage ? row.space_name : row.process_name) : null,
    note: row.note,
    available,
  };
}

/** A read item stays done unless its page's content changed after it was read. */
function progressOf(row: ItemRow, doneAt: Date | undefined) {
  const changedSinceRead = doneAt !== undefined && row.content_updated_at !== null && row.content_updated_at > doneAt;
  return { done: doneAt !== undefined && !changedSinceRead, changedSinceRead, readAt: doneAt?.toISOString() ?? null };
}

async function progressRows(db: Db, pathIds: readonly string[], userIds?: readonly string[]) {
  if (pathIds.length === 0) return [];
  let query = db.selectFrom('reading_path_progress').select(['path_id', 'user_id', 'position', 'done_at']).where('path_id', 'in', pathIds);
  if (userIds) query = query.where('user_id', 'in', userIds.length ? userIds : ['00000000-0000-0000-0000-000000000000']);
  return query.execute();
}

const key = (pathId: string, userId: string, position: number) => `${pathId}/${userId}/${position}`;

/** The paths assigned to the user, newest assignment first, with their progress. */
export async function myReadingPaths(db: Db, userId: string, readable: readonly string[] | 'all'): Promise<MyReadingPath[]> {
  const paths = await db
    .selectFrom('reading_path_assignments as a')
    .innerJoin('reading_paths as p', 'p.id', 'a.path_id')
    .leftJoin('users as u', 'u.id', 'a.assigned_by')
    .select(['p.id', 'p.title', 'a.assigned_at', 'a.assigned_by', 'u.display_name as assigned_by_name'])
    .where('a.user_id', '=', userId)
    .orderBy('a.assigned_at', 'desc')
    .orderBy('p.id')
    .execute();
  const ids = paths.map((p) => p.id);
  const items = await itemRows(db, ids);
  const done = new Map((await progressRows(db, ids, [userId])).map((r) => [key(r.path_id, r.user_id, r.position), r.done_at]));
  return paths.map((path) => {
    const list: MyReadingPathItem[] = items
      .filter((row) => row.path_id === path.id)
      .map((row) => ({ ...toItem(row, readable), ...progressOf(row, done.get(key(path.id, userId, row.position))) }));
    return {
      id: path.id,
      title: path.title,
      assignedAt: path.assigned_at.toISOString(),
      assignedBy: path.assigned_by && path.assigned_by_name ? { id: path.assigned_by, displayName: path.assigned_by_name } : null,
      items: list,
      done: list.filter((i) => i.done).length,
      total: list.length,
    };
  });
}

/**
 * Paths with every assignee's progress: all paths for knowledge managers and admins, else the
 * ones the caller built; or just the one asked for.
 */
export async function managedReadingPaths(db: Db, options: { createdBy?: string; pathId?: string }, readable: readonly string[] | 'all'): Promise<ReadingPath[]> {
  let query = db
    .selectFrom('reading_paths as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.title', 'p.created_at', 'p.created_by', 'p.interview_id', 'u.display_name as created_by_name'])
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id');
  if (options.createdBy) query = query.where('p.created_by', '=', options.createdBy);
  if (options.pathId) query = query.where('p.id', '=', options.pathId);
  const paths = await query.execute();
  const ids = paths.map((p) => p.id);
  const items = await itemRows(db, ids);
  const assignments =
    ids.length === 0
      ? []
      : await db
          .selectFrom('reading_path_assignments as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['a.path_id', 'a.user_id', 'a.assigned_at', 'u.display_name'])
          .where('a.path_id', 'in', ids)
          .orderBy('u.display_name')
          .execute();
  const done = new Map((await progressRows(db, ids)).map((r) => [key(r.path_id, r.user_id, r.position), r.done_at]));
  return paths.map((path) => {
    const rows = items.filter((row) => row.path_id === path.id);
    const assignees: ReadingPathAssignee[] = assignments
      .filter((a) => a.path_id === path.id)
      .map((a) => {
        const states = rows.map((row) => progressOf(row, done.get(key(path.id, a.user_id, row.position))));
        return {
          user: { id: a.user_id, displayName: a.display_name },
          assignedAt: a.assigned_at.toISOString(),
          done: states.filter((s) => s.done).length,
          changed: states.filter((s) => s.changedSinceRead).length,
          total: rows.length,
        };
      });
    return {
      id: path.id,
      title: path.title,
      createdAt: path.created_at.toISOString(),
      createdBy: path.created_by && path.created_by_name ? { id: path.created_by, displayName: path.created_by_name } : null,
      interviewId: path.interview_id,
      items: rows.map((row) => toItem(row, readable)),
      assignees,
    };
  });
}
