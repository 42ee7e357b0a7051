import type { Worklist } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { today } from '../reviews/review-queries.ts';
import { dueDate, hasLeft, isOverdue } from '../reviews/review-rules.ts';

/**
 * The knowledge managers' worklist, organisation-wide (they read every space): activities of
 * live processes without a page, live pages without a responsible person (or whose person
 * left), reviews past their due date, and people leaving within the horizon whose exit
 * interview has not started. Each list at most LIMIT long, most pressing first.
 */
const LIMIT = 200;
const ACTIVITY = ['task', 'userTask', 'serviceTask', 'manualTask', 'scriptTask', 'sendTask', 'receiveTask', 'businessRuleTask', 'subProcess', 'callActivity'];

export async function worklist(db: Kysely<DB>, horizonDays: number, now = new Date()): Promise<Worklist> {
  const day = today(now);
  const horizon = today(new Date(now.getTime() + horizonDays * 86_400_000));

  const steps = await db
    .selectFrom('process_steps as st')
    .innerJoin('processes as p', 'p.id', 'st.process_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['st.process_id', 'p.name as process_name', 's.name as space_name', 'st.element_id', 'st.name'])
    .where('st.kind', 'in', ACTIVITY)
    .where('st.removed_in_version', 'is', null)
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('process_step_pages as sp')
            .innerJoin('pages as pg', 'pg.id', 'sp.page_id')
            .select('sp.page_id')
            .whereRef('sp.process_id', '=', 'st.process_id')
            .whereRef('sp.element_id', '=', 'st.element_id')
            .where('pg.archived_at', 'is', null),
        ),
      ),
    )
    .orderBy('s.name')
    .orderBy('p.name')
    .orderBy('st.position')
    .limit(LIMIT)
    .execute();

  const reviewed = await db
    .selectFrom('pages as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .leftJoin('page_reviews as r', 'r.page_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'r.responsible_id')
    .leftJoin('page_contributors as c', (j) => j.onRef('c.page_id', '=', 'r.page_id').onRef('c.user_id', '=', 'r.responsible_id'))
    .select(['p.id', 'p.title', 's.name as space_name', 'r.interval_days', 'r.set_at', 'r.last_confirmed_at', 'c.last_edited_at', 'u.display_name', 'u.active', 'u.planned_departure_date'])
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .orderBy('s.name')
    .orderBy('p.title')
    .execute();
  const pagesWithoutResponsible: Worklist['pagesWithoutResponsible'] = [];
  const overdueReviews: Worklist['overdueReviews'] = [];
  for (const r of reviewed) {
    const person = r.display_name ? { active: r.active ?? false, departureDate: r.planned_departure_date } : null;
    if (!person || r.interval_days === null || r.set_at === null || hasLeft(person, day)) {
      pagesWithoutResponsible.push({ pageId: r.id, title: r.title, spaceName: r.space_name, formerResponsible: person ? r.display_name : null });
      continue;
    }
    const due = dueDate({ intervalDays: r.interval_days, setAt: new Date(r.set_at), lastConfirmedAt: r.last_confirmed_at, responsibleEditedAt: r.last_edited_at ? new Date(r.last_edited_at) : null });
    if (isOverdue(due, day)) overdueReviews.push({ pageId: r.id, title: r.title, spaceName: r.space_name, responsible: r.display_name!, dueDate: due });
  }
  overdueReviews.sort((a, b) => a.dueDate.localeCompare(b.dueDate));

  const leaving = await db
    .selectFrom('users as u')
    .leftJoin('interviews as i', (j) => j.onRef('i.subject_user_id', '=', 'u.id'))
    .select(['u.id', 'u.display_name', 'u.planned_departure_date', 'i.id as interview_id', 'i.status'])
    .where('u.active', '=', true)
    .where('u.planned_departure_date', '>=', day)
    .where('u.planned_departure_date', '<=', horizon)
    .where((eb) => eb.or([eb('i.id', 'is', null), eb('i.status', '=', 'planned')]))
    .orderBy('u.planned_departure_date')
    .execute();
  // Someone with a running interview besides a planned one is not waiting.
  const running = new Set(
    (await db.selectFrom('interviews').select('subject_user_id').where('status', '!=', 'planned').execute()).map((r) => r.subject_user_id),
  );
  const interviewsNotStarted = leaving
    .filter((l) => !running.has(l.id))
    .map((l) => ({ userId: l.id, displayName: l.display_name, departureDate: l.planned_departure_date!, interviewId: l.interview_id, status: l.status === 'planned' ? ('planned' as const) : null }));

  return {
    horizonDays,
    stepsWithoutPages: steps.map((s) => ({ processId: s.process_id, processName: s.process_name, spaceName: s.space_name, elementId: s.element_id, name: s.name })),
    pagesWithoutResponsible: pagesWithoutResponsible.slice(0, LIMIT),
    overdueReviews: overdueReviews.slice(0, LIMIT),
    interviewsNotStarted: interviewsNotStarted.slice(0, LIMIT),
  };
}
