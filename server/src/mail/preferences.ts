import type { Kysely, Transaction } from 'kysely';
import { type MailMode, NOTIFICATION_KINDS, type NotificationKind } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';

/** What each kind does when the user chose nothing: watched-page changes come as a daily digest, the rest at once. */
export const DEFAULT_MAIL_MODE: Record<NotificationKind, MailMode> = {
  mention: 'instant',
  reply: 'instant',
  comment: 'instant',
  'page.changed': 'digest',
  'review.due': 'instant',
  'read.requested': 'instant',
  'interview.state': 'instant',
};

export async function mailPreferences(db: Kysely<DB> | Transaction<DB>, userId: string): Promise<Record<NotificationKind, MailMode>> {
  const rows = await db.selectFrom('mail_preferences').select(['kind', 'mode']).where('user_id', '=', userId).execute();
  const out = { ...DEFAULT_MAIL_MODE };
  for (const r of rows) if ((NOTIFICATION_KINDS as readonly string[]).includes(r.kind)) out[r.kind as NotificationKind] = r.mode;
  return out;
}

export async function setMailPreferences(db: Kysely<DB>, userId: string, changes: Partial<Record<NotificationKind, MailMode>>, actor: Actor): Promise<void> {
  const entries = Object.entries(changes) as [NotificationKind, MailMode][];
  if (entries.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const [kind, mode] of entries) {
      await trx
        .insertInto('mail_preferences')
        .values({ user_id: userId, kind, mode })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ mode }))
        .execute();
    }
    await recordAudit(trx, { ...actor, action: 'mail.preferences', targetType: 'user', targetId: userId, detail: Object.fromEntries(entries) });
  });
}
