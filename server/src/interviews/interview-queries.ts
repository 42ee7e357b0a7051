import type { Kysely, Transaction } from 'kysely';
import type { DB, InterviewReviewKind, InterviewStatus } from '../db/schema.ts';
import { getTemplate } from './templates.ts';
import type { QuestionKind, ReadingItem, Section as TemplateSection } from '@stafette/api';

type Db = Kysely<DB> | Transaction<DB>;

/** Reads of interviews shared by the routes, the publication and the retention job. */

export interface Person {
  id: string;
  displayName: string;
}

export interface InterviewRecord {
  id: string;
  status: InterviewStatus;
  subject: Person;
  interviewer: Person;
  successor: Person | null;
  subjectRole: string | null;
  departureDate: string;
  templateId: string;
  templateVersion: number;
  consentHash: string | null;
  consentedAt: Date | null;
  publishedSpaceId: string | null;
  handoverPageId: string | null;
  completedBy: Person | null;
  completedAt: Date | null;
  purgedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function baseQuery(db: Db) {
  return db
    .selectFrom('interviews as i')
    .innerJoin('users as s', 's.id', 'i.subject_user_id')
    .innerJoin('users as iv', 'iv.id', 'i.interviewer_id')
    .leftJoin('users as su', 'su.id', 'i.successor_id')
    .leftJoin('users as cb', 'cb.id', 'i.completed_by')
    .select([
      'i.id',
      'i.status',
      'i.subject_user_id',
      's.display_name as subject_name',
      'i.interviewer_id',
      'iv.display_name as interviewer_name',
      'i.successor_id',
      'su.display_name as successor_name',
      'i.subject_role',
      'i.departure_date',
      'i.template_id',
      'i.template_version',
      'i.consent_hash',
      'i.consented_at',
      'i.published_space_id',
      'i.handover_page_id',
      'i.completed_by',
      'cb.display_name as completed_by_name',
      'i.completed_at',
      'i.content_purged_at',
      'i.created_at',
      'i.updated_at',
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRecord(r: BaseRow): InterviewRecord {
  return {
    id: r.id,
    status: r.status,
    subject: { id: r.subject_user_id, displayName: r.subject_name },
    interviewer: { id: r.interviewer_id, displayName: r.interviewer_name },
    successor: r.successor_id ? { id: r.successor_id, displayName: r.successor_name ?? '' } : null,
    subjectRole: r.subject_role,
    departureDate: r.departure_date,
    templateId: r.template_id,
    templateVersion: r.template_version,
    consentHash: r.consent_hash,
    consentedAt: r.consented_at,
    publishedSpaceId: r.published_space_id,
    handoverPageId: r.handover_page_id,
    completedBy: r.completed_by ? { id: r.completed_by, displayName: r.completed_by_name ?? '' } : null,
    completedAt: r.completed_at,
    purgedAt: r.content_purged_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function loadInterview(db: Db, id: string): Promise<InterviewRecord | null> {
  const row = await baseQuery(db).where('i.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Interviews a list shows: every one (`all`) or those the user takes part in. */
export async function listInterviewRecords(db: Db, scope: 'all' | { userId: string }): Promise<InterviewRecord[]> {
  let query = baseQuery(db);
  if (scope !== 'all') {
    const { userId } = scope;
    query = query.where((eb) => eb.or([eb('i.subject_user_id', '=', userId), eb('i.interviewer_id', '=', userId), eb('i.successor_id', '=', userId)]));
  }
  const rows = await query.orderBy('i.departure_date').orderBy('i.created_at').execute();
  return rows.map(toRecord);
}

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  help: string;
}

export interface QuestionSection {
  title: string;
  questions: Question[];
}

export const FOLLOW_UP_SECTION = 'Rückfragen der Nachfolge';

/**
 * The questions of an interview: its template version's sections, then the successor's
 * follow-up questions (each answered in its own fragment) as a last section.
 */
export async function interviewSections(db: Db, interview: Pick<InterviewRecord, 'id' | 'templateId' | 'templateVersion'>): Promise<QuestionSection[]> {
  const template = await getTemplate(db as Kysely<DB>, interview.templateId, interview.templateVersion);
  const sections: TemplateSection[] = template?.sections ?? [];
  const followUps = await db
    .selectFrom('interview_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.follow_up_id', 'r.body', 'r.created_at', 'u.display_name'])
    .where('r.interview_id', '=', interview.id)
    .where('r.kind', '=', 'follow_up')
    .orderBy('r.created_at')
    .execute();
  const out: QuestionSection[] = sections.map((s) => ({ title: s.title, questions: s.questions.map((q) => ({ ...q })) }));
  if (followUps.length > 0) {
    out.push({
      title: FOLLOW_UP_SECTION,
      questions: followUps.map((f) => ({
        id: f.follow_up_id!,
        kind: 'rich_text' as const,
        prompt: f.body,
        help: `Rückfrage von ${f.display_name ?? 'der Nachfolge'} vom ${germanDate(f.created_at)}.`,
      })),
    });
  }
  return out;
}

export function questionIds(sections: QuestionSection[]): Set<string> {
  return new Set(sections.flatMap((s) => s.questions.map((q) => q.id)));
}

/** Whether the interview asks this question (its template's or a follow-up). */
export async function hasQuestion(db: Db, interviewId: string, questionId: string): Promise<boolean> {
  const record = await loadInterview(db, interviewId);
  return record !== null && questionIds(await interviewSections(db, record)).has(questionId);
}

export interface AnswerMeta {
  private: boolean;
  steps: { processId: string; processName: string; elementId: string; name: string | null; orphaned: boolean }[];
  reviews: { id: string; kind: InterviewReviewKind; body: string; followUpId: string | null; author: Person | null; createdAt: Date }[];
}

/** Private flags, linked steps and reviews of every answer that has any. */
export async function answerMeta(db: Db, interviewId: string): Promise<Map<string, AnswerMeta>> {
  const meta = new Map<string, AnswerMeta>();
  const entry = (questionId: string) => {
    let m = meta.get(questionId);
    if (!m) meta.set(questionId, (m = { private: false, steps: [], reviews: [] }));
    return m;
  };
  const flags = await db.selectFrom('interview_answers').select(['question_id', 'private']).where('interview_id', '=', interviewId).execute();
  for (const f of flags) entry(f.question_id).private = f.private;
  const steps = await db
    .selectFrom('interview_answer_steps as a')
    .innerJoin('process_steps as st', (join) => join.onRef('st.process_id', '=', 'a.process_id').onRef('st.element_id', '=', 'a.element_id'))
    .innerJoin('processes as p', 'p.id', 'a.process_id')
    .select(['a.question_id', 'a.process_id', 'p.name as process_name', 'a.element_id', 'st.name', 'st.removed_in_version'])
    .where('a.interview_id', '=', interviewId)
    .orderBy('a.created_at')
    .orderBy('a.element_id')
    .execute();
  for (const s of steps) {
    entry(s.question_id).steps.push({
      processId: s.process_id,
      processName: s.process_name,
      elementId: s.element_id,
      name: s.name,
      orphaned: s.removed_in_version !== null,
    });
  }
  const reviews = await db
    .selectFrom('interview_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.id', 'r.question_id', 'r.kind', 'r.body', 'r.follow_up_id', 'r.author_id', 'u.display_name', 'r.created_at'])
    .where('r.interview_id', '=', interviewId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  for (const r of reviews) {
    entry(r.question_id).reviews.push({
      id: r.id,
      kind: r.kind,
      body: r.body,
      followUpId: r.follow_up_id,
      author: r.author_id ? { id: r.author_id, displayName: r.display_name ?? '' } : null,
      createdAt: r.created_at,
    });
  }
  return meta;
}

/**
 * The steps the successor inherits (those linked to answers that are not private), each with
 * the pages published for it that `readable` lets the viewer open and that are not archived.
 */
export async function readingList(db: Db, interviewId: string, readable: string[] | 'all'): Promise<ReadingItem[]> {
  const meta = await answerMeta(db, interviewId);
  const published = await db
    .selectFrom('interview_publications as ip')
    .innerJoin('process_step_pages as sp', 'sp.page_id', 'ip.page_id')
    .innerJoin('pages as p', 'p.id', 'ip.page_id')
    .select(['sp.process_id', 'sp.element_id', 'p.id', 'p.title', 'p.space_id', 'p.archived_at'])
    .where('ip.interview_id', '=', interviewId)
    .execute();
  const items = new Map<string, ReadingItem>();
  for (const [questionId, m] of meta) {
    if (m.private) continue;
    for (const step of m.steps) {
      const key = `${step.processId}/${step.elementId}`;
      const item = items.get(key) ?? { processId: step.processId, processName: step.processName, elementId: step.elementId, stepName: step.name, questionIds: [], pages: [] };
      item.questionIds.push(questionId);
      items.set(key, item);
    }
  }
  for (const row of published) {
    const item = items.get(`${row.process_id}/${row.element_id}`);
    if (!item || row.archived_at || (readable !== 'all' && !readable.includes(row.space_id))) continue;
    if (!item.pages.some((p) => p.id === row.id)) item.pages.push({ id: row.id, title: row.title });
  }
  return [...items.values()];
}

/** The latest acceptance of an answer by the successor, if it stands (no later comment or follow-up). */
export function acceptance(meta: AnswerMeta | undefined): { by: Person | null; at: Date } | null {
  if (!meta) return null;
  let accepted: { by: Person | null; at: Date } | null = null;
  for (const review of meta.reviews) {
    if (review.kind === 'accept') accepted = { by: review.author, at: review.createdAt };
    else if (review.kind === 'follow_up') accepted = null;
  }
  return accepted;
}

const DATE_FORMAT = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });

export function germanDate(value: Date | string): string {
  return DATE_FORMAT.format(typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value);
}
