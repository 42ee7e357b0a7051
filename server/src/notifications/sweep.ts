import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { PMNodeJSON } from '@stafette/schema';
import { dueDate } from '../reviews/review-rules.ts';
import { readersOf } from '../comments/comment-queries.ts';
import { deliverWaitingMentions } from '../comments/mentions.ts';
import { addNotices, autoWatch, type Notice, pageChangeBatchKey, watchersOf } from './notify.ts';

type Db = Kysely<DB>;

/**
 * Turns what happened elsewhere into notices, without those capabilities knowing about
 * notifications: it reads what they already record.
 * - audit entries: a read request (`read.requested` to everyone asked), an interview created or
 *   changing state (`interview.state` to its subject, interviewer and successor);
 * - page_contributors: who edited which page when. The editor starts watching the page (an
 *   author) and the other watchers get `page.changed`, one notice per page and hour listing
 *   who edited;
 * - page creators and responsible persons start watching their pages;
 * - reviews: `review.due` to the responsible person once per due date;
 * - memberships added (`space.member.add`): comment mentions that found the person without
 *   access reach them (the app does it at once on `membership.changed`; this is the durable
 *   second chance).
 * Each notice has a batch key, so running over the same entries again (the window overlaps the
 * last run to catch transactions that committed late, or two instances sweep) adds nothing.
 */
const OVERLAP_MS = 2 * 60_000;
const FIRST_WINDOW_MS = 10 * 60_000;

const INTERVIEW_ACTIONS = ['interview.create', 'interview.status', 'interview.complete'];

/** Reads a page body (content/page-body.ts: the live document when open, else the stored one). */
export type BodyReader = (pageId: string) => Promise<PMNodeJSON>;

export async function sweepOnce(db: Db, now = new Date(), readBody?: BodyReader): Promise<string[]> {
  const state = await db.selectFrom('notification_sweep').select('swept_at').executeTakeFirst();
  const since = new Date((state ? new Date(state.swept_at).getTime() : now.getTime() - FIRST_WINDOW_MS) - OVERLAP_MS);
  const notified = new Set<string>();
  const add = async (notices: Notice[]) => {
    for (const id of await addNotices(db, notices)) notified.add(id);
  };

  const entries = await db
    .selectFrom('audit_log')
    .select(['id', 'action', 'actor_id', 'target_id', 'detail', 'created_at'])
    .where('created_at', '>', since)
    .where('action', 'in', ['page.read-request.create', 'space.member.add', ...INTERVIEW_ACTIONS])
    .orderBy('seq')
    .execute();
  for (const e of entries) {
    if (e.action === 'page.read-request.create' && e.target_id && typeof e.detail.requestId === 'string') {
      const asked = await db.selectFrom('page_read_recipients').select('user_id').where('request_id', '=', e.detail.requestId).where('confirmed_at', 'is', null).execute();
      const excerpt = typeof e.detail.note === 'string' && e.detail.note ? e.detail.note.slice(0, 200) : undefined;
      await add(
        asked.map((r) => ({
          userId: r.user_id,
          kind: 'read.requested' as const,
          batchKey: `read:${e.detail.requestId as string}`,
          pageId: e.target_id,
          actorId: e.actor_id,
          ...(excerpt ? { detail: { excerpt } } : {}),
        })),
      );
    } else if (e.action === 'space.member.add' && e.target_id && typeof e.detail.userId === 'string') {
      for (const id of await deliverWaitingMentions(db, e.target_id, e.detail.userId, now)) notified.add(id);
    } else if (INTERVIEW_ACTIONS.includes(e.action) && e.target_id) {
      const interview = await db
        .selectFrom('interviews')
        .select(['id', 'subject_user_id', 'interviewer_id', 'successor_id', 'status'])
        .where('id', '=', e.target_id)
        .executeTakeFirst();
      if (!interview) continue;
      const people = [...new Set([interview.subject_user_id, interview.interviewer_id, interview.successor_id].filter((p): p is string => !!p))];
      const state = typeof e.detail.to === 'string' ? e.detail.to : e.action === 'interview.create' ? 'planned' : interview.status;
      await add(people.map((userId) => ({ userId, kind: 'interview.state' as const, batchKey: `audit:${e.id}`, interviewId: interview.id, actorId: e.actor_id, detail: { excerpt: state } })));
    }
  }

  // Authors and responsible persons watch their pages.
  const created = await db.selectFrom('pages').select(['id', 'created_by']).where('created_at', '>', since).where('created_by', 'is not', null).execute();
  for (const p of created) await autoWatch(db, p.id, [p.created_by]);
  const reviews = await db.selectFrom('page_reviews').select(['page_id', 'responsible_id']).where('updated_at', '>', since).execute();
  for (const r of reviews) await autoWatch(db, r.page_id, [r.responsible_id]);

  const edits = await db
    .selectFrom('page_contributors')
    .select(['page_id', 'user_id', 'last_edited_at'])
    .where('last_edited_at', '>', since)
    .orderBy('last_edited_at')
    .execute();
  for (const edit of edits) {
    await autoWatch(db, edit.page_id, [edit.user_id]);
    const watchers = (await watchersOf(db, edit.page_id)).filter((id) => id !== edit.user_id);
    await add(
      watchers.map((userId) => ({
        userId,
        kind: 'page.changed' as const,
        batchKey: pageChangeBatchKey(edit.page_id, new Date(edit.last_edited_at)),
        pageId: edit.page_id,
        actorId: edit.user_id,
        detail: { editors: [edit.user_id] },
      })),
    );
  }

  if (readBody) {
    // Mentions written in a page body: each mentioned reader once per page (`mentions`), the
    // last editor in the window as the one who mentioned.
    const lastEditor = new Map<string, string>();
    for (const e of edits) lastEditor.set(e.page_id, e.user_id);
    for (const [pageId, editorId] of lastEditor) await add(await pageMentionNotices(db, pageId, editorId, readBody));
  }

  await add(await dueReviewNotices(db, now));

  await sql`INSERT INTO notification_sweep (id, swept_at) VALUES (true, ${now}) ON CONFLICT (id) DO UPDATE SET swept_at = EXCLUDED.swept_at`.execute(db);
  return [...notified];
}

function mentionedIn(node: PMNodeJSON, out: Set<string>): Set<string> {
  if (node.type === 'mention' && typeof node.attrs?.id === 'string') out.add(node.attrs.id.toLowerCase());
  for (const child of node.content ?? []) mentionedIn(child, out);
  return out;
}

async function pageMentionNotices(db: Db, pageId: string, actorId: string, readBody: BodyReader): Promise<Notice[]> {
  let body: PMNodeJSON;
  try {
    body = await readBody(pageId);
  } catch {
    // Deleted meanwhile: nothing to tell.
    return [];
  }
  const ids = [...mentionedIn(body, new Set())].filter((id) => id !== actorId && /^[0-9a-f-]{36}$/.test(id));
  if (ids.length === 0) return [];
  const readers = new Set((await readersOf(db, pageId).where('u.id', 'in', ids).execute()).map((r) => r.id));
  const notices: Notice[] = [];
  for (const userId of ids) {
    if (!readers.has(userId)) continue;
    const fresh = await db
      .insertInto('mentions')
      .values({ source_key: `page:${pageId}`, user_id: userId, page_id: pageId })
      .onConflict((oc) => oc.columns(['source_key', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (fresh) notices.push({ userId, kind: 'mention', batchKey: `mention:page:${pageId}`, pageId, actorId });
  }
  return notices;
}

/** `review.due` for every live page whose review is due today or earlier, once per due date. */
async function dueReviewNotices(db: Db, now: Date): Promise<Notice[]> {
  const rows = await db
    .selectFrom('page_reviews as r')
    .innerJoin('pages as p', 'p.id', 'r.page_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .leftJoin('page_contributors as c', (join) => join.onRef('c.page_id', '=', 'r.page_id').onRef('c.user_id', '=', 'r.responsible_id'))
    .select(['r.page_id', 'r.responsible_id', 'r.interval_days', 'r.set_at', 'r.last_confirmed_at', 'c.last_edited_at'])
    .where('r.responsible_id', 'is not', null)
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .execute();
  const today = now.toISOString().slice(0, 10);
  const notices: Notice[] = [];
  for (const r of rows) {
    const due = dueDate({
      intervalDays: r.interval_days,
      setAt: new Date(r.set_at),
      lastConfirmedAt: r.last_confirmed_at ? new Date(r.last_confirmed_at) : null,
      responsibleEditedAt: r.last_edited_at ? new Date(r.last_edited_at) : null,
    });
    if (due <= today) notices.push({ userId: r.responsible_id!, kind: 'review.due', batchKey: `review:${r.page_id}:${due}`, pageId: r.page_id, detail: { excerpt: due } });
  }
  return notices;
}
