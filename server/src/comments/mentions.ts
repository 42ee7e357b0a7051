import { type Kysely, sql, type Transaction } from 'kysely';
import type { UserRef } from '@stafette/api';
import { commentMentions, commentPlainText } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { addNotices, type Notice } from '../notifications/notify.ts';
import { readersOf } from './comment-queries.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Mentions in comments (`@[Name](user-id)`): who hears of them, who cannot (not a reader of
 * the page: the mention stays text and the writer is told), and the late delivery once such a
 * person can read the page.
 */

export const excerptOf = (body: string) => {
  const text = commentPlainText(body).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

/**
 * A mention waiting for access is delivered when access comes within this long of the comment
 * (or its last edit); older ones would surface as news that is none.
 */
export const WAITING_MENTION_DAYS = 30;

/** Of `userIds`, those who can read the page now: nobody hears of a page they cannot read. */
export async function readable(db: Db, pageId: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await readersOf(db as Kysely<DB>, pageId).where('u.id', 'in', [...new Set(userIds)]).execute();
  return new Set(rows.map((r) => r.id));
}

/** One `mention` notice, at most once per comment and person (`mentions`); undefined when already noticed. */
async function noticeOnce(db: Db, pageId: string, commentId: string, userId: string, actorId: string | null, body: string): Promise<Notice | undefined> {
  const inserted = await db
    .insertInto('mentions')
    .values({ source_key: `comment:${commentId}`, user_id: userId, page_id: pageId })
    .onConflict((oc) => oc.columns(['source_key', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  return { userId, kind: 'mention', batchKey: `mention:comment:${commentId}`, pageId, commentId, actorId, detail: { excerpt: excerptOf(body) } };
}

export interface CommentMentions {
  /** New `mention` notices for readers of the page (once per comment however often it is edited). */
  notices: Notice[];
  /** Mentioned active accounts who cannot read the page: no notice; the writer may share. */
  unreadable: UserRef[];
}

export async function mentionNotices(trx: Transaction<DB>, pageId: string, commentId: string, body: string, actorId: string): Promise<CommentMentions> {
  const mentioned = commentMentions(body).filter((id) => id !== actorId);
  const readers = await readable(trx, pageId, mentioned);
  const notices: Notice[] = [];
  for (const userId of mentioned.filter((id) => readers.has(id))) {
    const notice = await noticeOnce(trx, pageId, commentId, userId, actorId, body);
    if (notice) notices.push(notice);
  }
  const others = mentioned.filter((id) => !readers.has(id));
  const accounts = others.length
    ? await trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', others).where('active', '=', true).execute()
    : [];
  const names = new Map(accounts.map((a) => [a.id, a.display_name]));
  const unreadable = others.flatMap((id) => (names.has(id) ? [{ id, displayName: names.get(id)! }] : []));
  return { notices, unreadable };
}

/**
 * Someone may read a space now (added to it; `spaceId` null: their role changed, e.g. to one
 * that reads every space): the comment mentions of them on its pages that found them without
 * access, recent ones (`WAITING_MENTION_DAYS`), become notices now. Each comment notifies a
 * person once (`mentions`), so running again, or for a person who was notified before losing
 * access, adds nothing. Returns the users whose inbox changed.
 */
export async function deliverWaitingMentions(db: Kysely<DB>, spaceId: string | null, userId: string, now = new Date()): Promise<string[]> {
  const id = userId.toLowerCase();
  return db.transaction().execute(async (trx) => {
    const since = new Date(now.getTime() - WAITING_MENTION_DAYS * 86_400_000);
    let query = trx
      .selectFrom('comments as c')
      .innerJoin('pages as p', 'p.id', 'c.page_id')
      .select(['c.id', 'c.page_id', 'c.author_id', 'c.body'])
      .where(sql<boolean>`strpos(lower(c.body), ${`](${id})`}) > 0`)
      .where(sql<Date>`coalesce(c.edited_at, c.created_at)`, '>', since)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('mentions as m').select(sql`1`.as('one')).where('m.user_id', '=', id).where(sql<boolean>`m.source_key = 'comment:' || c.id`))),
      )
      .orderBy('c.created_at')
      .limit(200);
    if (spaceId) query = query.where('p.space_id', '=', spaceId);
    const rows = await query.execute();
    const notices: Notice[] = [];
    const readablePages = new Map<string, boolean>();
    for (const c of rows) {
      if (c.author_id === id || !commentMentions(c.body).includes(id)) continue;
      if (!readablePages.has(c.page_id)) readablePages.set(c.page_id, (await readable(trx, c.page_id, [id])).has(id));
      if (!readablePages.get(c.page_id)) continue;
      const notice = await noticeOnce(trx, c.page_id, c.id, id, c.author_id, c.body);
      if (notice) notices.push(notice);
    }
    return addNotices(trx, notices);
  });
}
