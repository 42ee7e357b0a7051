import type { Kysely } from 'kysely';
import type { DB, InterviewStatus } from '../db/schema.ts';
import { type ExpertFacts, type RiskReason, type RiskLevel, scoreStep, urgency, isoDate } from './risk-formula.ts';

/** Space ids the viewer reads (policy/pages.ts readableSpaceIds). */
export type Readable = string[] | 'all';

export interface RiskFilter {
  spaceId?: string;
  processId?: string;
  horizonDays: number;
  now?: Date;
}

export interface RiskExpert extends ExpertFacts {}

export interface RiskStep {
  processId: string;
  processName: string;
  spaceId: string;
  spaceName: string;
  elementId: string;
  name: string;
  kind: string;
  lane: string | null;
  score: number;
  level: RiskLevel;
  pageCount: number;
  lastEditedAt: string | null;
  experts: RiskExpert[];
  reasons: RiskReason[];
}

export interface RiskPerson {
  userId: string;
  displayName: string;
  active: boolean;
  departureDate: string | null;
  /** Distinct pages on the listed steps this person wrote. */
  pageCount: number;
  stepCount: number;
  /** The highest score among the steps this person wrote for. */
  maxScore: number;
  /** The newest interview with this person as the departing subject (managers only). */
  interview: { id: string; status: InterviewStatus } | null;
}

/** Flow nodes that carry work (and so knowledge): tasks, sub-processes, call activities. */
const ACTIVITY = /(task|subprocess|callactivity|transaction)$/i;

export function isActivity(kind: string): boolean {
  return ACTIVITY.test(kind);
}

/**
 * The facts behind the knowledge-at-risk view, scored and sorted highest first. Only steps of
 * live processes in live spaces the viewer reads; only pages the viewer reads count (as in the
 * coverage view), so the score a viewer sees never depends on pages hidden from them.
 */
export async function knowledgeRisk(
  db: Kysely<DB>,
  readable: Readable,
  filter: RiskFilter,
  options: { withInterviews: boolean },
): Promise<{ steps: RiskStep[]; experts: RiskPerson[] }> {
  if (readable !== 'all' && readable.length === 0) return { steps: [], experts: [] };
  const now = filter.now ?? new Date();

  let stepQuery = db
    .selectFrom('process_steps as s')
    .innerJoin('processes as p', 'p.id', 's.process_id')
    .innerJoin('spaces as sp', 'sp.id', 'p.space_id')
    .select(['s.process_id', 's.element_id', 's.name', 's.kind', 's.lane', 's.position', 'p.name as process_name', 'p.space_id', 'sp.name as space_name'])
    .where('s.removed_in_version', 'is', null)
    .where('p.archived_at', 'is', null)
    .where('sp.archived_at', 'is', null);
  if (readable !== 'all') stepQuery = stepQuery.where('p.space_id', 'in', readable);
  if (filter.spaceId) stepQuery = stepQuery.where('p.space_id', '=', filter.spaceId);
  if (filter.processId) stepQuery = stepQuery.where('p.id', '=', filter.processId);
  const steps = (await stepQuery.execute()).filter((s) => isActivity(s.kind));
  if (steps.length === 0) return { steps: [], experts: [] };
  const processIds = [...new Set(steps.map((s) => s.process_id))];

  let pageQuery = db
    .selectFrom('process_step_pages as a')
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .innerJoin('spaces as psp', 'psp.id', 'pg.space_id')
    .select(['a.process_id', 'a.element_id', 'pg.id as page_id', 'pg.content_updated_at', 'pg.updated_at'])
    .where('a.process_id', 'in', processIds)
    .where('pg.archived_at', 'is', null)
    .where('psp.archived_at', 'is', null);
  if (readable !== 'all') pageQuery = pageQuery.where('pg.space_id', 'in', readable);
  const attachments = await pageQuery.execute();

  const pageIds = [...new Set(attachments.map((a) => a.page_id))];
  const contributions =
    pageIds.length === 0
      ? []
      : await db
          .selectFrom('page_contributors as c')
          .innerJoin('users as u', 'u.id', 'c.user_id')
          .select(['c.page_id', 'c.user_id', 'c.edit_count', 'u.display_name', 'u.active', 'u.planned_departure_date'])
          .where('c.page_id', 'in', pageIds)
          .execute();
  const byPage = new Map<string, typeof contributions>();
  for (const c of contributions) byPage.set(c.page_id, [...(byPage.get(c.page_id) ?? []), c]);
  const pagesByStep = new Map<string, typeof attachments>();
  for (const a of attachments) {
    const key = `${a.process_id}\u0000${a.element_id}`;
    pagesByStep.set(key, [...(pagesByStep.get(key) ?? []), a]);
  }

  const pagesOfUser = new Map<string, Set<string>>();
  const scored: (RiskStep & { position: number; leaving: number })[] = steps.map((s) => {
    const pages = pagesByStep.get(`${s.process_id}\u0000${s.element_id}`) ?? [];
    let lastEditedAt: Date | null = null;
    const experts = new Map<string, RiskExpert>();
    for (const page of pages) {
      // Pages imported or created but never edited since carry their creation time.
      const edited = new Date(page.content_updated_at ?? page.updated_at);
      if (!lastEditedAt || edited > lastEditedAt) lastEditedAt = edited;
      for (const c of byPage.get(page.page_id) ?? []) {
        const expert = experts.get(c.user_id) ?? {
          userId: c.user_id,
          displayName: c.display_name,
          active: c.active,
          departureDate: c.planned_departure_date,
          editCount: 0,
          pageCount: 0,
        };
        pagesOfUser.set(c.user_id, (pagesOfUser.get(c.user_id) ?? new Set()).add(page.page_id));
        expert.editCount += Number(c.edit_count);
        expert.pageCount += 1;
        experts.set(c.user_id, expert);
      }
    }
    const expertList = [...experts.values()].sort((a, b) => b.editCount - a.editCount || a.displayName.localeCompare(b.displayName, 'de'));
    const result = scoreStep({ pageCount: pages.length, lastEditedAt, experts: expertList }, now, filter.horizonDays);
    return {
      processId: s.process_id,
      processName: s.process_name,
      spaceId: s.space_id,
      spaceName: s.space_name,
      elementId: s.element_id,
      name: s.name ?? s.element_id,
      kind: s.kind,
      lane: s.lane,
      score: result.score,
      level: result.level,
      pageCount: pages.length,
      lastEditedAt: lastEditedAt?.toISOString() ?? null,
      experts: expertList,
      reasons: result.reasons,
      position: s.position,
      leaving: result.leaving,
    };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.leaving - a.leaving ||
      a.processName.localeCompare(b.processName, 'de') ||
      a.processId.localeCompare(b.processId) ||
      a.position - b.position,
  );

  const experts = await leavingPeople(db, scored, pagesOfUser, isoDate(now), filter.horizonDays, options.withInterviews);
  return { steps: scored.map(({ position: _p, leaving: _l, ...step }) => step), experts };
}

/** The experts of the listed steps who leave within the horizon or have left. */
async function leavingPeople(
  db: Kysely<DB>,
  steps: RiskStep[],
  pagesOfUser: Map<string, Set<string>>,
  today: string,
  horizonDays: number,
  withInterviews: boolean,
): Promise<RiskPerson[]> {
  const people = new Map<string, RiskPerson>();
  for (const step of steps) {
    for (const e of step.experts) {
      if (urgency(e, today, horizonDays) <= 0) continue;
      const person = people.get(e.userId) ?? {
        userId: e.userId,
        displayName: e.displayName,
        active: e.active,
        departureDate: e.departureDate,
        pageCount: pagesOfUser.get(e.userId)?.size ?? 0,
        stepCount: 0,
        maxScore: 0,
        interview: null,
      };
      person.stepCount += 1;
      person.maxScore = Math.max(person.maxScore, step.score);
      people.set(e.userId, person);
    }
  }
  if (withInterviews && people.size > 0) {
    const rows = await db
      .selectFrom('interviews')
      .select(['id', 'subject_user_id', 'status', 'created_at'])
      .where('subject_user_id', 'in', [...people.keys()])
      .orderBy('created_at', 'desc')
      .execute();
    for (const row of rows) {
      const person = people.get(row.subject_user_id)!;
      if (!person.interview) person.interview = { id: row.id, status: row.status };
    }
  }
  // People still here come first (an interview can still be held), soonest departure first;
  // those who left follow.
  const gone = (p: RiskPerson) => urgency(p, today, horizonDays) >= 1;
  return [...people.values()].sort(
    (a, b) =>
      Number(gone(a)) - Number(gone(b)) ||
      (a.departureDate ?? '9999').localeCompare(b.departureDate ?? '9999') ||
      b.maxScore - a.maxScore ||
      a.displayName.localeCompare(b.displayName, 'de'),
  );
}
