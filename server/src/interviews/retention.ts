import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { recordAudit } from '../audit/record.ts';
import type { CollabServer } from '../collab/collab-server.ts';

/**
 * Retention (DSGVO storage limitation): `retentionDays` after the departure date, everything of
 * an interview that was not published is deleted: the answer document with every answer
 * (private ones included), the private flags, step links and reviews. The interview row stays as
 * a record that the interview took place (participants, dates, status), and published pages
 * stay where they are: they are knowledge of the organisation now.
 */
export interface PurgeResult {
  purged: string[];
}

export async function purgeExpiredInterviews(
  db: Kysely<DB>,
  options: { retentionDays: number; today?: string; collab?: CollabServer },
): Promise<PurgeResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const due = await db
    .selectFrom('interviews')
    .select('id')
    .where('content_purged_at', 'is', null)
    .where(sql<boolean>`departure_date + ${options.retentionDays}::int < ${today}::date`)
    .execute();
  const purged: string[] = [];
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      // Re-checked under the row lock: a run in parallel purges each interview once.
      const row = await trx.selectFrom('interviews').select('content_purged_at').where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || row.content_purged_at !== null) return;
      await trx.deleteFrom('interview_updates').where('interview_id', '=', id).execute();
      await trx.deleteFrom('interview_answers').where('interview_id', '=', id).execute();
      await trx.deleteFrom('interview_answer_steps').where('interview_id', '=', id).execute();
      await trx.deleteFrom('interview_reviews').where('interview_id', '=', id).execute();
      await trx.updateTable('interviews').set({ content_purged_at: new Date(), consent_hash: null, updated_at: new Date() }).where('id', '=', id).execute();
      await recordAudit(trx, { actorId: null, ip: null, action: 'interview.purge', targetType: 'interview', targetId: id, detail: { retentionDays: options.retentionDays } });
      purged.push(id);
    });
    // A document still open in memory must not write its content back: close it now.
    options.collab?.revalidate(id);
  }
  return { purged };
}
