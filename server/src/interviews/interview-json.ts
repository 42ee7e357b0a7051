import { docToText } from '@stafette/schema';
import type { FastifyInstance } from 'fastify';
import { INTERVIEW_CAPABILITIES, type InterviewCapability, type InterviewSummary } from '@stafette/api';
import { canOnInterview, type InterviewFacts } from '../policy/interviews.ts';
import { readAnswer } from './interview-document.ts';
import { acceptance, answerMeta, type InterviewRecord, interviewSections, type Person } from './interview-queries.ts';
import { type RetentionOptions, retentionOf } from './retention.ts';

/** The functions that fill the interview routes' answers (shapes in @stafette/api). */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (p: Person | null) => (p ? { id: p.id, displayName: p.displayName } : null);

export function interviewSummaryJson(r: InterviewRecord, retention: RetentionOptions): InterviewSummary {
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
  const can = Object.fromEntries(INTERVIEW_CAPABILITIES.map((a) => [a, canOnInterview(facts, a)])) as Record<InterviewCapability, boolean>;
  // Deleting by decision is offered only once the date has passed (the route refuses earlier).
  can.purgeContent = can.purgeContent && summary.retention.state === 'due';
  return {
    ...summary,
    parts: [...facts.parts],
    can,
    sections,
    answers,
  };
}
