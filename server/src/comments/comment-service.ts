import type { Kysely, Transaction } from 'kysely';
import type { CreateCommentInput } from '@stafette/api';
import { commentMentions, commentPlainText } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import type { Actor, UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { notFound, validationFailed } from '../http/problem.ts';
import { addNotices, autoWatch, type Notice, watchersOf } from '../notifications/notify.ts';
import { readersOf } from './comment-queries.ts';

type Trx = Transaction<DB>;

/**
 * Changes to comments; each is one transaction with its audit entry and the notices it causes
 * (mentions, replies, new threads for watchers). Returns the users whose inbox changed, for
 * the live count after commit.
 */

export interface CommentChange {
  id: string;
  threadId: string | null;
  notified: string[];
}

const excerptOf = (body: string) => {
  const text = commentPlainText(body).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

/** Of `userIds`, those who can read the page now: nobody hears of a page they cannot read. */
async function readable(trx: Trx, pageId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await readersOf(trx, pageId).where('u.id', 'in', [...new Set(userIds)]).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Mentions in `body` not yet notified for this comment: each mentioned reader of the page gets
 * one `mention` notice, once per comment however often it is edited. A mentioned person who
 * cannot read the page gets nothing (the mention stays text).
 */
async function mentionNotices(trx: Trx, pageId: string, commentId: string, body: string, actorId: string): Promise<Notice[]> {
  const mentioned = commentMentions(body).filter((id) => id !== actorId);
  const readers = await readable(trx, pageId, mentioned);
  const fresh: Notice[] = [];
  for (const userId of mentioned) {
    if (!readers.has(userId)) continue;
    const inserted = await trx
      .insertInto('mentions')
      .values({ source_key: `comment:${commentId}`, user_id: userId, page_id: pageId })
      .onConflict((oc) => oc.columns(['source_key', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (inserted) fresh.push({ userId, kind: 'mention', batchKey: `mention:comment:${commentId}`, pageId, commentId, actorId, detail: { excerpt: excerptOf(body) } });
  }
  return fresh;
}

export async function createComment(db: Kysely<DB>, pageId: string, input: CreateCommentInput, actor: UserActor): Promise<CommentChange> {
  if (input.parentId && input.anchor) throw validationFailed('A reply joins its thread’s anchor; send either parentId or anchor.');
  return db.transaction().execute(async (trx) => {
    let threadId: string | null = null;
    if (input.parentId) {
      const parent = await trx.selectFrom('comments').select(['id', 'thread_id', 'page_id']).where('id', '=', input.parentId).forUpdate().executeTakeFirst();
      if (!parent || parent.page_id !== pageId) throw notFound('comment');
      threadId = parent.thread_id ?? parent.id;
    }
    const row = await trx
      .insertInto('comments')
      .values({ page_id: pageId, thread_id: threadId, author_id: actor.actorId, body: input.body, anchor: input.anchor ? JSON.stringify(input.anchor) : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A reply to a resolved thread reopens it, as in Google Docs.
    if (threadId) await trx.updateTable('comments').set({ resolved_at: null, resolved_by: null }).where('id', '=', threadId).where('resolved_at', 'is not', null).execute();

    const notices = await mentionNotices(trx, pageId, row.id, input.body, actor.actorId);
    const mentioned = new Set(notices.map((n) => n.userId));
    const excerpt = excerptOf(input.body);
    if (threadId) {
      // Everyone in the thread hears of the reply (its starter and those who replied).
      const people = await trx.selectFrom('comments').select('author_id').distinct().where((eb) => eb.or([eb('id', '=', threadId), eb('thread_id', '=', threadId)])).execute();
      const inThread = people.map((p) => p.author_id).filter((id): id is string => !!id && id !== actor.actorId && !mentioned.has(id));
      const readers = await readable(trx, pageId, inThread);
      for (const userId of inThread) {
        if (readers.has(userId)) notices.push({ userId, kind: 'reply', batchKey: `reply:${row.id}`, pageId, commentId: row.id, actorId: actor.actorId, detail: { excerpt } });
      }
    } else {
      // A new thread goes to the page's watchers.
      const watchers = (await watchersOf(trx, pageId)).filter((id) => id !== actor.actorId && !mentioned.has(id));
      const readers = await readable(trx, pageId, watchers);
      for (const userId of watchers) {
        if (readers.has(userId)) notices.push({ userId, kind: 'comment', batchKey: `comment:${row.id}`, pageId, commentId: row.id, actorId: actor.actorId, detail: { excerpt } });
      }
    }
    const notified = await addNotices(trx, notices);
    await autoWatch(trx, pageId, [actor.actorId]);
    await recordAudit(trx, {
      ...actor,
      action: 'comment.create',
      targetType: 'comment',
      targetId: row.id,
      detail: { pageId, threadId, anchored: Boolean(input.anchor), mentions: [...mentioned] },
    });
    return { id: row.id, threadId, notified };
  });
}

export async function updateComment(db: Kysely<DB>, id: string, body: string, actor: UserActor): Promise<CommentChange> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('comments')
      .set({ body, edited_at: new Date() })
      .where('id', '=', id)
      .returning(['page_id', 'thread_id'])
      .executeTakeFirst();
    if (!row) throw notFound('comment');
    const notified = await addNotices(trx, await mentionNotices(trx, row.page_id, id, body, actor.actorId));
    await recordAudit(trx, { ...actor, action: 'comment.update', targetType: 'comment', targetId: id, detail: { pageId: row.page_id } });
    return { id, threadId: row.thread_id, notified };
  });
}

/** Deletes a comment; the first comment of a thread takes its replies with it. */
export async function deleteComment(db: Kysely<DB>, id: string, actor: Actor): Promise<CommentChange> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('comments').where('id', '=', id).returning(['page_id', 'thread_id', 'author_id']).executeTakeFirst();
    if (!row) throw notFound('comment');
    await recordAudit(trx, { ...actor, action: 'comment.delete', targetType: 'comment', targetId: id, detail: { pageId: row.page_id, authorId: row.author_id, threadId: row.thread_id } });
    return { id, threadId: row.thread_id, notified: [] };
  });
}

/** Resolves or reopens the thread the comment belongs to; returns the thread's first comment id. */
export async function setResolved(db: Kysely<DB>, id: string, resolved: boolean, actor: UserActor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const comment = await trx.selectFrom('comments').select(['thread_id', 'page_id']).where('id', '=', id).executeTakeFirst();
    if (!comment) throw notFound('comment');
    const rootId = comment.thread_id ?? id;
    await trx
      .updateTable('comments')
      .set(resolved ? { resolved_at: new Date(), resolved_by: actor.actorId } : { resolved_at: null, resolved_by: null })
      .where('id', '=', rootId)
      .execute();
    await recordAudit(trx, { ...actor, action: resolved ? 'comment.resolve' : 'comment.reopen', targetType: 'comment', targetId: rootId, detail: { pageId: comment.page_id } });
    return rootId;
  });
}

export async function setCommentSettings(db: Kysely<DB>, spaceId: string, readersMayComment: boolean, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('space_comment_settings')
      .values({ space_id: spaceId, readers_may_comment: readersMayComment, updated_by: actor.actorId })
      .onConflict((oc) => oc.column('space_id').doUpdateSet({ readers_may_comment: readersMayComment, updated_by: actor.actorId, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, { ...actor, action: 'space.comment-settings', targetType: 'space', targetId: spaceId, detail: { readersMayComment } });
  });
}
