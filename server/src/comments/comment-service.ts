import type { Kysely } from 'kysely';
import type { CreateCommentInput, UserRef } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import type { Actor, UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { notFound, validationFailed } from '../http/problem.ts';
import { addNotices, autoWatch, watchersOf } from '../notifications/notify.ts';
import { excerptOf, mentionNotices, readable } from './mentions.ts';

/**
 * Changes to comments; each is one transaction with its audit entry and the notices it causes
 * (mentions, replies, new threads for watchers). Returns the users whose inbox changed, for
 * the live count after commit.
 */

export interface CommentChange {
  id: string;
  threadId: string | null;
  notified: string[];
  /** Mentioned people who cannot read the page (not notified). */
  unreadableMentions: UserRef[];
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

    const { notices, unreadable } = await mentionNotices(trx, pageId, row.id, input.body, actor.actorId);
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
    return { id: row.id, threadId, notified, unreadableMentions: unreadable };
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
    const { notices, unreadable } = await mentionNotices(trx, row.page_id, id, body, actor.actorId);
    const notified = await addNotices(trx, notices);
    await recordAudit(trx, { ...actor, action: 'comment.update', targetType: 'comment', targetId: id, detail: { pageId: row.page_id } });
    return { id, threadId: row.thread_id, notified, unreadableMentions: unreadable };
  });
}

/** Deletes a comment; the first comment of a thread takes its replies with it. */
export async function deleteComment(db: Kysely<DB>, id: string, actor: Actor): Promise<CommentChange> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('comments').where('id', '=', id).returning(['page_id', 'thread_id', 'author_id']).executeTakeFirst();
    if (!row) throw notFound('comment');
    await recordAudit(trx, { ...actor, action: 'comment.delete', targetType: 'comment', targetId: id, detail: { pageId: row.page_id, authorId: row.author_id, threadId: row.thread_id } });
    return { id, threadId: row.thread_id, notified: [], unreadableMentions: [] };
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
