import { type Kysely, sql } from 'kysely';
import type { Notification, NotificationKind, NotificationList } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { badRequest } from '../http/problem.ts';
import { recipientReadsPage, withinTokenSpaces } from './notify.ts';

type Db = Kysely<DB>;

interface Cursor {
  at: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('shape');
    return { at, id };
  } catch {
    throw badRequest('The cursor is not one this list gave out.');
  }
}

/** The caller's inbox, newest change first; notices about pages they cannot read now are left out. */
export async function listNotifications(
  db: Db,
  userId: string,
  options: { unread?: boolean; cursor?: string; limit?: number },
  spaceIds?: readonly string[],
): Promise<NotificationList> {
  const limit = options.limit ?? 30;
  let query = db
    .selectFrom('notifications as n')
    .leftJoin('pages as p', 'p.id', 'n.page_id')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .select([
      'n.id',
      'n.kind',
      'n.page_id',
      'p.title as page_title',
      'n.comment_id',
      'n.interview_id',
      'n.actor_id',
      'a.display_name as actor_name',
      'n.detail',
      'n.created_at',
      'n.updated_at',
      'n.read_at',
    ])
    .where('n.user_id', '=', userId)
    .where(recipientReadsPage('n'))
    .where(withinTokenSpaces('n', spaceIds))
    .orderBy('n.updated_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit + 1);
  if (options.unread) query = query.where('n.read_at', 'is', null);
  if (options.cursor) {
    const c = decodeCursor(options.cursor);
    query = query.where(sql<boolean>`(n.updated_at, n.id) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const editorIds = [...new Set(page.flatMap((r) => editorsOf(r.detail)))];
  const names = editorIds.length
    ? new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', editorIds).execute()).map((u) => [u.id, u.display_name]))
    : new Map<string, string>();
  const items: Notification[] = page.map((r) => ({
    id: r.id,
    kind: r.kind as NotificationKind,
    pageId: r.page_id,
    pageTitle: r.page_title ?? null,
    commentId: r.comment_id,
    interviewId: r.interview_id,
    actor: r.actor_id && r.actor_name ? { id: r.actor_id, displayName: r.actor_name } : null,
    editors: editorsOf(r.detail).flatMap((id) => (names.has(id) ? [{ id, displayName: names.get(id)! }] : [])),
    excerpt: typeof r.detail.excerpt === 'string' ? r.detail.excerpt : null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    read: r.read_at !== null,
  }));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: new Date(last.updated_at).toISOString(), id: last.id }) : null };
}

function editorsOf(detail: Record<string, unknown>): string[] {
  return Array.isArray(detail.editors) ? detail.editors.filter((e): e is string => typeof e === 'string') : [];
}

/** Unread notices the user may see now (the bell's count). */
export async function unreadCount(db: Db, userId: string, spaceIds?: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('notifications as n')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.user_id', '=', userId)
    .where('n.read_at', 'is', null)
    .where(recipientReadsPage('n'))
    .where(withinTokenSpaces('n', spaceIds))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function isWatching(db: Db, userId: string, pageId: string): Promise<boolean> {
  const row = await db.selectFrom('page_watches').select('watching').where('page_id', '=', pageId).where('user_id', '=', userId).executeTakeFirst();
  return row?.watching ?? false;
}
