import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB, InterviewStatus } from '../db/schema.ts';
import type { Actor, UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { CollabServer } from '../collab/collab-server.ts';
import { conflict, notFound } from '../http/problem.ts';

/**
 * Retention (DSGVO storage limitation): `retentionDays` after the departure date, everything of
 * an interview that was not published is deleted: the answer document with every answer
 * (private ones included), the private flags, step links and reviews. The interview row stays as
 * a record that the interview took place (participants, dates, status), and published pages
 * stay where they are: they are knowledge of the organisation now.
 *
 * Only completed interviews are purged by the job. One still running (planned, in progress, in
 * review) may hold knowledge nobody has secured yet, so past its date it is kept and flagged
 * (`due`, shown as a warning from `warningDays` before the date on) until a knowledge manager
 * decides: completes it, or deletes its content explicitly (`purgeInterviewByDecision`).
 */

export interface RetentionOptions {
  retentionDays: number;
  /** Days before the date from which running interviews show the warning. */
  warningDays: number;
}

/**
 * - `scheduled`: the date is further away than the warning period;
 * - `warning`: a running interview whose date comes within the warning period;
 * - `due`: past the date; a completed interview is purged by the next run, a running one waits
 *   for a decision;
 * - `purged`: the content was deleted.
 */
export type RetentionState = 'scheduled' | 'warning' | 'due' | 'purged';

export interface Retention {
  /** The last day the unpublished content is kept. */
  keptUntil: string;
  state: RetentionState;
  /** Whether the job deletes it by itself once due (completed interviews only). */
  automatic: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` plus `days`, in calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today as the job counts it (UTC calendar day). */
export const todayIso = (): string => new Date().toISOString().slice(0, 10);

export function retentionOf(
  interview: { departureDate: string; status: InterviewStatus; purged: boolean },
  options: RetentionOptions,
  today: string = todayIso(),
): Retention {
  const keptUntil = addDays(interview.departureDate, options.retentionDays);
  const automatic = interview.status === 'completed';
  if (interview.purged) return { keptUntil, state: 'purged', automatic };
  if (today > keptUntil) return { keptUntil, state: 'due', automatic };
  if (!automatic && today >= addDays(keptUntil, -options.warningDays)) return { keptUntil, state: 'warning', automatic };
  return { keptUntil, state: 'scheduled', automatic };
}

export interface PurgeResult {
  /** Completed interviews whose content the run deleted. */
  purged: string[];
  /** Running interviews past their date, kept for a decision. */
  kept: string[];
}

const isDue = (retentionDays: number, today: string) => sql<boolean>`departure_date + ${retentionDays}::int < ${today}::date`;

export async function purgeExpiredInterviews(
  db: Kysely<DB>,
  options: { retentionDays: number; today?: string; collab?: CollabServer },
): Promise<PurgeResult> {
  const today = options.today ?? todayIso();
  const due = await db
    .selectFrom('interviews')
    .select(['id', 'status'])
    .where('content_purged_at', 'is', null)
    .where(isDue(options.retentionDays, today))
    .orderBy('departure_date')
    .execute();
  const purged: string[] = [];
  const kept: string[] = [];
  for (const { id, status } of due) {
    if (status !== 'completed') {
      kept.push(id);
      continue;
    }
    const done = await db.transaction().execute(async (trx) => {
      // Re-checked under the row lock: a run in parallel purges each interview once.
      const row = await lockInterview(trx, id);
      if (!row || row.content_purged_at !== null || row.status !== 'completed') return false;
      await purgeContent(trx, id, { actorId: null, ip: null }, { retentionDays: options.retentionDays, status: row.status, decision: 'automatic' });
      return true;
    });
    if (done) purged.push(id);
    // A document still open in memory must not write its content back: close it now.
    options.collab?.revalidate(id);
  }
  return { purged, kept };
}

/**
 * A knowledge manager's explicit decision to delete the unpublished content of an interview
 * past its date, whatever its state (routes check who may). Refused before the date: retention
 * is not a way to delete an interview early.
 */
export async function purgeInterviewByDecision(
  db: Kysely<DB>,
  id: string,
  actor: UserActor,
  options: { retentionDays: number; reason: string | null; today?: string; collab?: CollabServer },
): Promise<void> {
  const today = options.today ?? todayIso();
  await db.transaction().execute(async (trx) => {
    const row = await lockInterview(trx, id);
    if (!row) throw notFound('interview');
    if (row.content_purged_at !== null) throw conflict('The interview content was deleted already.', 'interview-purged');
    const keptUntil = addDays(row.departure_date, options.retentionDays);
    if (today <= keptUntil) throw conflict(`The content is kept until ${keptUntil}; it can be deleted after that day.`, 'retention-not-due');
    await purgeContent(trx, id, actor, { retentionDays: options.retentionDays, status: row.status, decision: 'explicit', reason: options.reason });
  });
  options.collab?.revalidate(id);
}

function lockInterview(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('interviews').select(['status', 'departure_date', 'content_purged_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

async function purgeContent(trx: Transaction<DB>, id: string, actor: Actor, detail: Record<string, unknown>): Promise<void> {
  await trx.deleteFrom('interview_updates').where('interview_id', '=', id).execute();
  await trx.deleteFrom('interview_answers').where('interview_id', '=', id).execute();
  await trx.deleteFrom('interview_answer_steps').where('interview_id', '=', id).execute();
  await trx.deleteFrom('interview_reviews').where('interview_id', '=', id).execute();
  await trx.updateTable('interviews').set({ content_purged_at: new Date(), consent_hash: null, updated_at: new Date() }).where('id', '=', id).execute();
  await recordAudit(trx, { ...actor, action: 'interview.purge', targetType: 'interview', targetId: id, detail });
}
