import { type Kysely, sql, type Transaction } from 'kysely';
import type { NotificationKind } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { recipientReadsPage } from '../notifications/notify.ts';
import { mailPreferences } from './preferences.ts';
import { enqueueMail, type QueuedMessage } from './queue.ts';
import { mailMayQuote } from './quote-gate.ts';
import { type Locale, type NoticeMail, renderDigestMail, renderNoticeMail } from './templates.ts';
import { unsubscribeToken } from './unsubscribe-token.ts';

type Trx = Transaction<DB>;

/**
 * From notices to queued mail. Each notice is decided once (`notifications.mail`, in the
 * transaction that queues its mail): off → done; digest → waits for the daily digest; instant →
 * one mail now. A watched-page batch is mailed only after its hour closed, with every editor.
 * Whether the recipient can still read the page is checked here, when the mail is made, and
 * again for the digest.
 */
export interface MailContext {
  /** Where links point: STAFETTE_PUBLIC_URL (or http://localhost:<port>). */
  baseUrl: string;
  from: string;
}

/** Notices older than this are not mailed any more (e.g. mail was switched on later). */
const MAIL_HORIZON_MS = 2 * 86_400_000;

interface NoticeRow {
  id: string;
  user_id: string;
  kind: string;
  page_id: string | null;
  comment_id: string | null;
  detail: Record<string, unknown>;
  actor_name: string | null;
  page_title: string | null;
  readable: boolean;
}

async function noticeMail(trx: Trx, ctx: MailContext, n: NoticeRow): Promise<NoticeMail> {
  const editorIds = Array.isArray(n.detail.editors) ? (n.detail.editors as string[]) : [];
  const editors = editorIds.length
    ? (await trx.selectFrom('users').select('display_name').where('id', 'in', editorIds).orderBy('display_name').execute()).map((u) => u.display_name)
    : [];
  const link = n.page_id ? `${ctx.baseUrl}/pages/${n.page_id}${n.comment_id ? `?comment=${n.comment_id}` : ''}` : `${ctx.baseUrl}/interviews`;
  return {
    kind: n.kind as NotificationKind,
    actor: n.actor_name,
    pageTitle: n.page_title,
    excerpt: typeof n.detail.excerpt === 'string' ? n.detail.excerpt : null,
    editors,
    link,
    quote: await mailMayQuote(trx, n.page_id),
  };
}

function selectNotices(trx: Trx) {
  return trx
    .selectFrom('notifications as n')
    .leftJoin('users as a', 'a.id', 'n.actor_id')
    .leftJoin('pages as p', 'p.id', 'n.page_id')
    .select(['n.id', 'n.user_id', 'n.kind', 'n.page_id', 'n.comment_id', 'n.detail', 'a.display_name as actor_name', 'p.title as page_title'])
    .select(recipientReadsPage('n').as('readable'));
}

async function recipient(trx: Trx, userId: string) {
  return trx.selectFrom('users').select(['email', 'locale', 'active']).where('id', '=', userId).executeTakeFirst();
}

function message(ctx: MailContext, to: string, id: string, rendered: { subject: string; text: string; html: string }, unsubscribeUrl: string): QueuedMessage {
  const host = new URL(ctx.baseUrl).hostname || 'stafette';
  return {
    from: ctx.from,
    to,
    ...rendered,
    messageId: `<${id}@${host}>`,
    // RFC 8058: mail clients offer one-click unsubscribe, which POSTs "List-Unsubscribe=One-Click".
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
  };
}

const unsubscribeUrl = async (trx: Trx, ctx: MailContext, userId: string, kind: NotificationKind) =>
  `${ctx.baseUrl}/api/v1/mail/unsubscribe?token=${encodeURIComponent(await unsubscribeToken(trx, userId, kind))}`;

/** Decides the mail of up to `limit` undecided notices; returns how many mails it queued. */
export async function dispatchNotices(db: Kysely<DB>, ctx: MailContext, now = new Date(), limit = 100): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = (await selectNotices(trx)
      .where('n.mail', 'is', null)
      .where('n.created_at', '>', new Date(now.getTime() - MAIL_HORIZON_MS))
      // A watched-page batch still open (its clock hour not over) may get more editors.
      .where((eb) => eb.or([eb('n.kind', '!=', 'page.changed'), eb(sql`date_trunc('hour', n.created_at) + interval '1 hour'`, '<=', now)]))
      .orderBy('n.created_at')
      .limit(limit)
      .forUpdate('n')
      .skipLocked()
      .execute()) as NoticeRow[];
    let queued = 0;
    for (const n of rows) {
      const person = await recipient(trx, n.user_id);
      const mode = (await mailPreferences(trx, n.user_id))[n.kind as NotificationKind] ?? 'off';
      let state: 'queued' | 'digest' | 'done' = 'done';
      if (person?.active && n.readable && mode === 'digest') state = 'digest';
      else if (person?.active && n.readable && mode === 'instant') {
        const kind = n.kind as NotificationKind;
        const unsubscribe = await unsubscribeUrl(trx, ctx, n.user_id, kind);
        const rendered = renderNoticeMail(person.locale as Locale, await noticeMail(trx, ctx, n), unsubscribe);
        if (await enqueueMail(trx, { dedupeKey: `notice:${n.id}`, userId: n.user_id, message: message(ctx, person.email, `notice-${n.id}`, rendered, unsubscribe) })) queued += 1;
        state = 'queued';
      }
      await trx.updateTable('notifications').set({ mail: state }).where('id', '=', n.id).execute();
    }
    return queued;
  });
}

/**
 * The daily digest: one mail per user with every notice waiting for it that they can still
 * read, at most one per user and `day` (dedupe key; the worker passes the local day of
 * digest-schedule.ts, else the UTC date of `now`). Returns how many digests it queued.
 */
export async function sendDigests(db: Kysely<DB>, ctx: MailContext, now = new Date(), day = now.toISOString().slice(0, 10)): Promise<number> {
  const users = await db.selectFrom('notifications').select('user_id').distinct().where('mail', '=', 'digest').execute();
  let queued = 0;
  for (const { user_id: userId } of users) {
    queued += await db.transaction().execute(async (trx) => {
      const rows = (await selectNotices(trx)
        .where('n.user_id', '=', userId)
        .where('n.mail', '=', 'digest')
        .orderBy('n.created_at')
        .forUpdate('n')
        .skipLocked()
        .execute()) as NoticeRow[];
      const person = await recipient(trx, userId);
      const readable = rows.filter((r) => r.readable);
      let sent = 0;
      if (person?.active && readable.length > 0) {
        const mails = await Promise.all(readable.map((r) => noticeMail(trx, ctx, r)));
        // The unsubscribe link of a digest turns off the kind most of it is about.
        const kind = mostCommon(readable.map((r) => r.kind as NotificationKind));
        const unsubscribe = await unsubscribeUrl(trx, ctx, userId, kind);
        const rendered = renderDigestMail(person.locale as Locale, mails, unsubscribe);
        const inserted = await enqueueMail(trx, { dedupeKey: `digest:${userId}:${day}`, userId, message: message(ctx, person.email, `digest-${userId}-${day}`, rendered, unsubscribe) });
        // Today's digest went out already: these wait for tomorrow's.
        if (!inserted) return 0;
        sent = 1;
      }
      if (rows.length > 0) await trx.updateTable('notifications').set({ mail: 'done' }).where('id', 'in', rows.map((r) => r.id)).execute();
      return sent;
    });
  }
  return queued;
}

function mostCommon<T>(items: T[]): T {
  const counts = new Map<T, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
