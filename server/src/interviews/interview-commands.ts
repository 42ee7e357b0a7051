import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, InterviewReviewKind, InterviewStatus } from '../db/schema.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { StepKey } from '../processes/process-queries.ts';
import { requireLinkableStep } from '../processes/process-service.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';
import { DEFAULT_TEMPLATE_ID } from './default-template.ts';
import { getTemplate } from './templates.ts';

/**
 * State changes of interviews, each one transaction with its audit entry. Routes check the
 * privacy rule (server/src/policy/interviews.ts) before calling these.
 */
export interface NewInterview {
  subjectUserId: string;
  interviewerId: string;
  departureDate: string;
  successorId?: string | null;
  subjectRole?: string | null;
  templateId?: string;
}

export async function createInterview(db: Kysely<DB>, input: NewInterview, actor: UserActor): Promise<string> {
  if (input.subjectUserId === input.interviewerId) throw validationFailed('The departing person cannot interview themselves.');
  if (input.successorId && input.successorId === input.subjectUserId) throw validationFailed('The departing person cannot be their own successor.');
  const people = [input.subjectUserId, input.interviewerId, ...(input.successorId ? [input.successorId] : [])];
  const found = await db.selectFrom('users').select(['id', 'active']).where('id', 'in', people).execute();
  for (const id of people) {
    const user = found.find((u) => u.id === id);
    if (!user) throw validationFailed(`The user ${id} does not exist.`);
    if (!user.active && id !== input.subjectUserId) throw validationFailed(`The user ${id} is deactivated.`);
  }
  // The latest version now; the interview keeps it even when the template changes later.
  const template = await getTemplate(db, input.templateId ?? DEFAULT_TEMPLATE_ID);
  if (!template) throw validationFailed('The template does not exist.');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('interviews')
      .values({
        subject_user_id: input.subjectUserId,
        interviewer_id: input.interviewerId,
        successor_id: input.successorId ?? null,
        subject_role: input.subjectRole ?? null,
        departure_date: input.departureDate,
        template_id: template.id,
        template_version: template.version,
        created_by: actor.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...actor,
      action: 'interview.create',
      targetType: 'interview',
      targetId: row.id,
      detail: { subjectUserId: input.subjectUserId, interviewerId: input.interviewerId, successorId: input.successorId ?? null, templateVersion: template.version },
    });
    return row.id;
  });
}

export interface InterviewChanges {
  interviewerId?: string;
  successorId?: string | null;
  departureDate?: string;
  subjectRole?: string | null;
}

export async function updateInterview(db: Kysely<DB>, id: string, changes: InterviewChanges, actor: UserActor, subjectUserId: string): Promise<void> {
  if (changes.interviewerId === subjectUserId) throw validationFailed('The departing person cannot interview themselves.');
  if (changes.successorId && changes.successorId === subjectUserId) throw validationFailed('The departing person cannot be their own successor.');
  const people = [changes.interviewerId, changes.successorId].filter((v): v is string => typeof v === 'string');
  if (people.length > 0) {
    const found = await db.selectFrom('users').select(['id', 'active']).where('id', 'in', people).execute();
    for (const id of people) {
      if (!found.some((u) => u.id === id && u.active)) throw validationFailed(`The user ${id} does not exist or is deactivated.`);
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('interviews')
      .set({
        ...(changes.interviewerId !== undefined ? { interviewer_id: changes.interviewerId } : {}),
        ...(changes.successorId !== undefined ? { successor_id: changes.successorId } : {}),
        ...(changes.departureDate !== undefined ? { departure_date: changes.departureDate } : {}),
        ...(changes.subjectRole !== undefined ? { subject_role: changes.subjectRole } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, { ...actor, action: 'interview.update', targetType: 'interview', targetId: id, detail: { ...changes } });
  });
}

/** Moves the status along (planned → in_progress → in_review, and back to in_progress from review). */
export async function transitionInterview(db: Kysely<DB>, id: string, from: InterviewStatus, to: InterviewStatus, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('interviews')
      .set({ status: to, updated_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', from)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('The interview changed its status meanwhile; reload it.', 'interview-status-changed');
    await recordAudit(trx, { ...actor, action: 'interview.status', targetType: 'interview', targetId: id, detail: { from, to } });
  });
}

export async function setAnswerPrivate(db: Kysely<DB>, id: string, questionId: string, value: boolean, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('interview_answers')
      .values({ interview_id: id, question_id: questionId, private: value, updated_by: actor.actorId })
      .onConflict((oc) => oc.columns(['interview_id', 'question_id']).doUpdateSet({ private: value, updated_by: actor.actorId, updated_at: new Date() }))
      .execute();
    await trx.updateTable('interviews').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { ...actor, action: 'interview.answer.private', targetType: 'interview', targetId: id, detail: { questionId, private: value } });
  });
}

export async function linkAnswerStep(
  db: Kysely<DB>,
  id: string,
  questionId: string,
  step: StepKey,
  actor: UserActor,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // Locked like the attach route's step: a version upload removing it meanwhile answers 404/409, not a foreign key error.
    await requireLinkableStep(trx, step, 'The step is no longer part of the process.');
    const inserted = await trx
      .insertInto('interview_answer_steps')
      .values({ interview_id: id, question_id: questionId, process_id: step.processId, element_id: step.elementId, created_by: actor.actorId })
      .onConflict((oc) => oc.doNothing())
      .returning('element_id')
      .executeTakeFirst();
    if (!inserted) return false;
    await recordAudit(trx, { ...actor, action: 'interview.answer.link', targetType: 'interview', targetId: id, detail: { questionId, ...step } });
    return true;
  });
}

export async function unlinkAnswerStep(
  db: Kysely<DB>,
  id: string,
  questionId: string,
  step: StepKey,
  actor: UserActor,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('interview_answer_steps')
      .where('interview_id', '=', id)
      .where('question_id', '=', questionId)
      .where('process_id', '=', step.processId)
      .where('element_id', '=', step.elementId)
      .returning('element_id')
      .executeTakeFirst();
    if (!deleted) throw notFound('step link');
    await recordAudit(trx, { ...actor, action: 'interview.answer.unlink', targetType: 'interview', targetId: id, detail: { questionId, ...step } });
  });
}

/** A review entry; a follow-up question gets its own question id (and answer fragment). */
export async function addReview(
  db: Kysely<DB>,
  id: string,
  questionId: string,
  review: { kind: InterviewReviewKind; body: string },
  actor: UserActor,
): Promise<{ id: string; followUpId: string | null }> {
  const followUpId = review.kind === 'follow_up' ? `rueckfrage-${randomUUID().slice(0, 8)}` : null;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('interview_reviews')
      .values({ interview_id: id, question_id: questionId, kind: review.kind, body: review.body, follow_up_id: followUpId, author_id: actor.actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('interviews').set({ updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { ...actor, action: `interview.review.${review.kind}`, targetType: 'interview', targetId: id, detail: { questionId, followUpId } });
    return { id: row.id, followUpId };
  });
}

/** The departing person agrees to publish the plan whose fingerprint they saw. */
export async function recordConsent(db: Kysely<DB>, id: string, hash: string, actor: UserActor): Promise<Date> {
  const at = new Date();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('interviews').set({ consent_hash: hash, consented_at: at, updated_at: at }).where('id', '=', id).execute();
    await recordAudit(trx, { ...actor, action: 'interview.consent', targetType: 'interview', targetId: id, detail: { hash } });
  });
  return at;
}

export async function withdrawConsent(db: Kysely<DB>, id: string, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('interviews').set({ consent_hash: null, consented_at: null, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { ...actor, action: 'interview.consent.withdraw', targetType: 'interview', targetId: id });
  });
}
