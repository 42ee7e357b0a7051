import { type Kysely, sql } from 'kysely';
import type { Comment, CommentList } from '@stafette/api';
import { commentPlainText } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { type AccessLevel, atLeast } from '../policy/access-rules.ts';
import { decideCommentAction } from '../policy/comments.ts';

type Db = Kysely<DB>;

/** What the caller's permissions on a page's comments depend on. */
export interface Viewer {
  userId: string;
  level: AccessLevel;
  archived: boolean;
  readersMayComment: boolean;
}

function selectComments(db: Db) {
  return db
    .selectFrom('comments as c')
    .leftJoin('comments as root', 'root.id', 'c.thread_id')
    .leftJoin('users as a', 'a.id', 'c.author_id')
    .leftJoin('users as r', 'r.id', 'c.resolved_by')
    .select([
      'c.id',
      'c.page_id',
      'c.thread_id',
      'c.author_id',
      'a.display_name as author_name',
      'c.body',
      'c.anchor',
      'c.resolved_at',
      'c.resolved_by',
      'r.display_name as resolver_name',
      'c.created_at',
      'c.edited_at',
      'root.author_id as root_author_id',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectComments>['execute']>>[number];

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function commentJson(row: Row, viewer: Viewer): Comment {
  const facts = (isAuthor: boolean) => ({ level: viewer.level, archived: viewer.archived, readersMayComment: viewer.readersMayComment, isAuthor });
  const starter = row.thread_id ? row.root_author_id : row.author_id;
  return {
    id: row.id,
    pageId: row.page_id,
    threadId: row.thread_id,
    author: row.author_id ? { id: row.author_id, displayName: row.author_name ?? '' } : null,
    body: row.body,
    anchor: row.anchor,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by ? { id: row.resolved_by, displayName: row.resolver_name ?? '' } : null,
    createdAt: iso(row.created_at)!,
    editedAt: iso(row.edited_at),
    permissions: {
      canEdit: decideCommentAction(facts(row.author_id === viewer.userId), 'edit') === 'allow',
      canDelete: decideCommentAction(facts(row.author_id === viewer.userId), 'delete') === 'allow',
      canResolve: row.thread_id === null && decideCommentAction(facts(starter === viewer.userId), 'resolve') === 'allow',
    },
  };
}

/** Every thread of a page, oldest first, each first comment followed by its replies. */
export async function listComments(db: Db, pageId: string, viewer: Viewer): Promise<CommentList> {
  const rows = await selectComments(db)
    .where('c.page_id', '=', pageId)
    .orderBy(sql`coalesce(root.created_at, c.created_at)`)
    .orderBy(sql`coalesce(c.thread_id, c.id)`)
    .orderBy(sql`c.thread_id IS NOT NULL`)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const facts = { level: viewer.level, archived: viewer.archived, readersMayComment: viewer.readersMayComment, isAuthor: false };
  return {
    items: rows.map((r) => commentJson(r, viewer)),
    canComment: decideCommentAction(facts, 'create') === 'allow',
    canResolve: atLeast(viewer.level, 'write') && !viewer.archived,
  };
}

export async function getComment(db: Db, id: string, viewer: Viewer): Promise<Comment | null> {
  const row = await selectComments(db).where('c.id', '=', id).executeTakeFirst();
  return row ? commentJson(row, viewer) : null;
}

/** Active users who can read the page now (admins and knowledge managers read every space). */
export function readersOf(db: Db, pageId: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name'])
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([
        eb('u.role', 'in', ['admin', 'knowledge_manager']),
        eb.exists(
          eb
            .selectFrom('space_members as m')
            .innerJoin('pages as p', 'p.space_id', 'm.space_id')
            .select(sql`1`.as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('p.id', '=', pageId),
        ),
      ]),
    );
}

/** People to offer after `@`: readers of the page whose name contains `q`, or those with the given ids (current names). */
export async function mentionable(db: Db, pageId: string, options: { q?: string; ids?: string[] }): Promise<{ id: string; displayName: string }[]> {
  let query = readersOf(db, pageId).orderBy('u.display_name').limit(options.ids ? 200 : 20);
  if (options.ids) query = query.where('u.id', 'in', options.ids.length ? options.ids : ['00000000-0000-0000-0000-000000000000']);
  else if (options.q) query = query.where('u.display_name', 'ilike', `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Comments as plain text for search and export, in thread order. */
export async function commentsForExport(db: Db, pageId: string) {
  return db
    .selectFrom('comments as c')
    .leftJoin('comments as root', 'root.id', 'c.thread_id')
    .leftJoin('users as a', 'a.id', 'c.author_id')
    .select(['c.id', 'c.thread_id', 'c.body', 'c.anchor', 'c.resolved_at', 'c.created_at', 'a.display_name as author_name'])
    .where('c.page_id', '=', pageId)
    .orderBy(sql`coalesce(root.created_at, c.created_at)`)
    .orderBy(sql`coalesce(c.thread_id, c.id)`)
    .orderBy(sql`c.thread_id IS NOT NULL`)
    .orderBy('c.created_at')
    .execute();
}

/** The comments of each page as one plain text (search indexes it with the page body). */
export async function commentTextByPage(db: Db, pageIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (pageIds.length === 0) return out;
  const rows = await db.selectFrom('comments').select(['page_id', 'body']).where('page_id', 'in', [...pageIds]).orderBy('created_at').execute();
  for (const r of rows) out.set(r.page_id, `${out.get(r.page_id) ?? ''}\n${commentPlainText(r.body)}`);
  return out;
}
