import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { type AccessLevel, atLeast } from './access-rules.ts';
import { type Decision, fromVerdict, hidden, type Verdict } from './decision.ts';
import { pageFacts } from './pages.ts';
import type { PageGrant } from './resources.ts';

/**
 * Who may do what with comments (server/src/comments):
 * - everyone who reads the page reads its comments;
 * - editors and owners comment; readers too unless the space turned that off
 *   (`space_comment_settings.readers_may_comment`, default on);
 * - the author edits their own; the author or an owner deletes;
 * - editors and owners resolve and reopen, and so does whoever started the thread;
 * - an archived page or space is read-only for comments as for content (owners may still delete).
 */
export type CommentAction = 'read' | 'create' | 'edit' | 'delete' | 'resolve';

export interface CommentFacts {
  level: AccessLevel;
  archived: boolean;
  readersMayComment: boolean;
  /** The caller wrote this comment (edit, delete) or started its thread (resolve). */
  isAuthor: boolean;
}

export function decideCommentAction(facts: CommentFacts, action: CommentAction): Verdict {
  const { level, archived } = facts;
  if (!atLeast(level, 'read')) return 'not-found';
  const mayComment = atLeast(level, 'write') || facts.readersMayComment;
  switch (action) {
    case 'read':
      return 'allow';
    case 'create':
      if (!mayComment) return 'forbidden';
      return archived ? 'read-only' : 'allow';
    case 'edit':
      if (!facts.isAuthor || !mayComment) return 'forbidden';
      return archived ? 'read-only' : 'allow';
    case 'delete':
      if (atLeast(level, 'manage')) return 'allow';
      if (!facts.isAuthor || !mayComment) return 'forbidden';
      return archived ? 'read-only' : 'allow';
    case 'resolve':
      if (!atLeast(level, 'write') && !(facts.isAuthor && mayComment)) return 'forbidden';
      return archived ? 'read-only' : 'allow';
  }
}

export async function readersMayComment(db: Kysely<DB>, spaceId: string): Promise<boolean> {
  const row = await db.selectFrom('space_comment_settings').select('readers_may_comment').where('space_id', '=', spaceId).executeTakeFirst();
  return row?.readers_may_comment ?? true;
}

export interface CommentGrant extends PageGrant {
  comment: { id: string; pageId: string; threadId: string | null; authorId: string | null };
}

const TERMS = { what: 'comment', archivedAs: 'page-archived', forbidden: 'You may not do this with this comment.' } as const;

/** A comment route's decision: the comment's page decides, a comment on an unreadable page does not exist. */
export async function decideComment(db: Kysely<DB>, user: AuthUser, commentId: string, action: CommentAction): Promise<Decision<CommentGrant>> {
  const comment = await db
    .selectFrom('comments as c')
    .leftJoin('comments as root', 'root.id', 'c.thread_id')
    .select(['c.id', 'c.page_id', 'c.thread_id', 'c.author_id', 'root.author_id as root_author_id'])
    .where('c.id', '=', commentId)
    .executeTakeFirst();
  if (!comment) return hidden('comment');
  const facts = await pageFacts(db, user, comment.page_id);
  if (!facts.page || !facts.userRole) return hidden('comment');
  const starter = comment.thread_id ? comment.root_author_id : comment.author_id;
  const verdict = decideCommentAction(
    {
      level: facts.level,
      archived: facts.page.archived,
      readersMayComment: await readersMayComment(db, facts.page.spaceId),
      isAuthor: (action === 'resolve' ? starter : comment.author_id) === user.id,
    },
    action,
  );
  const grant: CommentGrant = {
    user,
    userRole: facts.userRole,
    level: facts.level,
    page: facts.page,
    comment: { id: comment.id, pageId: comment.page_id, threadId: comment.thread_id, authorId: comment.author_id },
  };
  return fromVerdict(verdict, grant, TERMS);
}
