import { Type } from 'typebox';
import { docToText } from '@stafette/schema';
import type { FastifyInstance } from 'fastify';
import { canOnInterview, type InterviewAction, type InterviewFacts } from '../policy/interviews.ts';
import { readAnswer } from './interview-document.ts';
import { acceptance, answerMeta, type InterviewRecord, interviewSections, type Person } from './interview-queries.ts';
import { type RetentionOptions, retentionOf } from './retention.ts';
import { QuestionSchema } from './template-types.ts';

/** Response shapes of the interview routes and the functions that fill them. */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const PersonSchema = Type.Object({ id: Type.String(), displayName: Type.String() });
export const STATUSES = ['planned', 'in_progress', 'in_review', 'completed'] as const;
export const StatusSchema = Type.Union([Type.Literal('planned'), Type.Literal('in_progress'), Type.Literal('in_review'), Type.Literal('completed')]);

const ACTIONS: InterviewAction[] = [
  'editAnswers',
  'markPrivate',
  'unmarkPrivate',
  'linkSteps',
  'review',
  'consent',
  'start',
  'submitForReview',
  'reopen',
  'complete',
  'updateDetails',
  'purgeContent',
];

export const InterviewSummarySchema = Type.Object({
  id: Type.String(),
  status: StatusSchema,
  subject: PersonSchema,
  interviewer: PersonSchema,
  successor: Nullable(PersonSchema),
  subjectRole: Nullable(Type.String()),
  departureDate: Type.String({ format: 'date' }),
  template: Type.Object({ id: Type.String(), version: Type.Integer() }),
  consentedAt: Nullable(Type.String({ format: 'date-time' })),
  publication: Nullable(
    Type.Object({
      spaceId: Nullable(Type.String()),
      handoverPageId: Nullable(Type.String()),
      completedAt: Type.String({ format: 'date-time' }),
      completedBy: Nullable(PersonSchema),
    }),
  ),
  purged: Type.Boolean({ description: 'The retention job deleted the unpublished content' }),
  retention: Type.Object(
    {
      keptUntil: Type.String({ format: 'date', description: 'Last day the unpublished content is kept' }),
      state: Type.Union([Type.Literal('scheduled'), Type.Literal('warning'), Type.Literal('due'), Type.Literal('purged')], {
        description: 'warning: a running interview near its date; due: past it (completed ones are purged by the job, running ones wait for a decision)',
      }),
      automatic: Type.Boolean({ description: 'The job deletes the content once due (completed interviews only)' }),
    },
    { description: 'Retention of the unpublished content (STAFETTE_INTERVIEW_RETENTION_DAYS after the departure date)' },
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const StepSchema = Type.Object({
  processId: Type.String(),
  processName: Type.String(),
  elementId: Type.String(),
  name: Nullable(Type.String()),
  orphaned: Type.Boolean(),
});

const ReviewSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('accept'), Type.Literal('comment'), Type.Literal('follow_up')]),
  body: Type.String(),
  followUpId: Nullable(Type.String()),
  author: Nullable(PersonSchema),
  createdAt: Type.String({ format: 'date-time' }),
});

export const InterviewSchema = Type.Object({
  ...InterviewSummarySchema.properties,
  ...{
    parts: Type.Array(Type.String(), { description: 'How the caller takes part: subject, interviewer, successor, manager' }),
    can: Type.Record(Type.String(), Type.Boolean(), { description: 'What the caller may do now' }),
    sections: Type.Array(Type.Object({ title: Type.String(), questions: Type.Array(QuestionSchema) })),
    answers: Type.Array(
      Type.Object({
        questionId: Type.String(),
        private: Type.Boolean(),
        text: Type.String({ description: 'Plain text of the answer as the live document holds it' }),
        steps: Type.Array(StepSchema),
        reviews: Type.Array(ReviewSchema),
        accepted: Type.Boolean({ description: 'The successor accepted it (no follow-up since)' }),
      }),
    ),
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (p: Person | null) => (p ? { id: p.id, displayName: p.displayName } : null);

export function interviewSummaryJson(r: InterviewRecord, retention: RetentionOptions) {
  return {
    id: r.id,
    status: r.status,
    subject: person(r.subject)!,
    interviewer: person(r.interviewer)!,
    successor: person(r.successor),
    subjectRole: r.subjectRole,
    departureDate: r.departureDate,
    template: { id: r.templateId, version: r.templateVersion },
    consentedAt: iso(r.consentedAt),
    publication: r.completedAt
      ? { spaceId: r.publishedSpaceId, handoverPageId: r.handoverPageId, completedAt: r.completedAt.toISOString(), completedBy: person(r.completedBy) }
      : null,
    purged: r.purgedAt !== null,
    retention: retentionOf({ departureDate: r.departureDate, status: r.status, purged: r.purgedAt !== null }, retention),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function interviewJson(app: FastifyInstance, record: InterviewRecord, facts: InterviewFacts, retention: RetentionOptions) {
  const sections = await interviewSections(app.db, record);
  const meta = await answerMeta(app.db, record.id);
  // A purged interview has no document any more; do not load (and recreate) it.
  const doc = record.purgedAt ? null : await app.interviewCollab.getDocument(record.id);
  const answers = sections.flatMap((s) =>
    s.questions.map((q) => {
      const m = meta.get(q.id);
      return {
        questionId: q.id,
        private: m?.private ?? false,
        text: doc ? docToText(readAnswer(doc, q.id)) : '',
        steps: m?.steps ?? [],
        reviews: (m?.reviews ?? []).map((r) => ({ ...r, author: person(r.author), createdAt: r.createdAt.toISOString() })),
        accepted: acceptance(m) !== null,
      };
    }),
  );
  const summary = interviewSummaryJson(record, retention);
  const can = Object.fromEntries(ACTIONS.map((a) => [a, canOnInterview(facts, a)]));
  // Deleting by decision is offered only once the date has passed (the route refuses earlier).
  can.purgeContent = can.purgeContent! && summary.retention.state === 'due';
  return {
    ...summary,
    parts: [...facts.parts],
    can,
    sections,
    answers,
  };
}
