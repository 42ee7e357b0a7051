import { type Kysely, sql, type Transaction } from 'kysely';
import type { NotificationKind } from '@stafette/api';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * One notice for one person. `batchKey` decides what counts as the same notice: a mention
 * (`mention:comment:<id>`) or an audit entry is noticed once however often it is processed;
 * watched-page changes share one key per page and hour, so further edits in that hour add
 * their editor to the one notice instead of adding notices.
 */
export interface Notice {
  userId: string;
  kind: NotificationKind;
  batchKey: string;
  pageId?: string | null;
  commentId?: string | null;
  interviewId?: string | null;
  actorId?: string | null;
  /** `editors` (user ids) are merged when a batch grows; `excerpt` is shown and mailed. */
  detail?: { editors?: string[]; excerpt?: string };
}

/** One batch per page and clock hour (UTC). */
export function pageChangeBatchKey(pageId: string, at: Date): string {
  return `page.changed:${pageId}:${at.toISOString().slice(0, 13)}`;
}

/**
 * Adds notices in the caller's transaction; the actor never notifies themselves. Returns the
 * users whose inbox changed (for the live count, after commit).
 */
export async function addNotices(db: Db, notices: readonly Notice[]): Promise<string[]> {
  const changed = new Set<string>();
  for (const n of notices) {
    if (n.actorId && n.actorId === n.userId) continue;
    const detail = JSON.stringify(n.detail ?? {});
    const row = await sql<{ id: string }>`
      INSERT INTO notifications (user_id, kind, page_id, comment_id, interview_id, actor_id, detail, batch_key)
      VALUES (${n.userId}, ${n.kind}, ${n.pageId ?? null}, ${n.commentId ?? null}, ${n.interviewId ?? null}, ${n.actorId ?? null}, ${detail}::jsonb, ${n.batchKey})
      ON CONFLICT (user_id, batch_key) DO UPDATE SET
        detail = jsonb_set(
          notifications.detail,
          '{editors}',
          (SELECT coalesce(jsonb_agg(DISTINCT e), '[]'::jsonb)
             FROM jsonb_array_elements(coalesce(notifications.detail->'editors', '[]'::jsonb) || coalesce(EXCLUDED.detail->'editors', '[]'::jsonb)) AS e)
        ),
        actor_id = EXCLUDED.actor_id,
        updated_at = now(),
        read_at = NULL
      WHERE notifications.kind = 'page.changed'
        AND NOT (coalesce(notifications.detail->'editors', '[]'::jsonb) @> coalesce(EXCLUDED.detail->'editors', '[]'::jsonb))
      RETURNING id`.execute(db);
    if (row.rows.length > 0) changed.add(n.userId);
  }
  return [...changed];
}

/**
 * SQL condition "the notice's recipient can read its page now" (a notice without a page
 * passes): active, and an admin or knowledge manager or a member of the page's space, as
 * policy/access-rules.ts decides for the read level. Applied when listing, counting and
 * mailing, so a notice about a page someone can no longer read is never delivered.
 */
export const recipientReadsPage = (n: string) =>
  sql<boolean>`(${sql.ref(`${n}.page_id`)} IS NULL OR EXISTS (
    SELECT 1 FROM pages p
    JOIN users u ON u.id = ${sql.ref(`${n}.user_id`)}
    LEFT JOIN space_members m ON m.space_id = p.space_id AND m.user_id = u.id
    WHERE p.id = ${sql.ref(`${n}.page_id`)} AND u.active AND (u.role IN ('admin', 'knowledge_manager') OR m.role IS NOT NULL)))`;

/**
 * For an API token limited to spaces (auth `spaceIds`): only notices about pages in them; notices
 * without a page (interviews) belong to no space and stay out. No condition for other callers.
 */
export const withinTokenSpaces = (n: string, spaceIds: readonly string[] | undefined) =>
  spaceIds === undefined
    ? sql<boolean>`TRUE`
    : spaceIds.length === 0
      ? sql<boolean>`FALSE`
      : sql<boolean>`EXISTS (SELECT 1 FROM pages p WHERE p.id = ${sql.ref(`${n}.page_id`)} AND p.space_id IN (${sql.join(spaceIds)}))`;

/** Page watchers (explicit or automatic, not unwatched). */
export async function watchersOf(db: Db, pageId: string): Promise<string[]> {
  const rows = await db.selectFrom('page_watches').select('user_id').where('page_id', '=', pageId).where('watching', '=', true).execute();
  return rows.map((r) => r.user_id);
}

/** Watches a page for users who never unwatched it (authors, responsible persons, commenters). */
export async function autoWatch(db: Db, pageId: string, userIds: readonly (string | null)[]): Promise<void> {
  const ids = [...new Set(userIds.filter((u): u is string => !!u))];
  if (ids.length === 0) return;
  await db
    .insertInto('page_watches')
    .values(ids.map((user_id) => ({ page_id: pageId, user_id, watching: true })))
    .onConflict((oc) => oc.columns(['page_id', 'user_id']).doNothing())
    .execute();
}
