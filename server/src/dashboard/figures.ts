import type { Dashboard } from '@stafette/api';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { knowledgeGaps } from '../knowledge-gaps/gap-queries.ts';
import { today } from '../reviews/review-queries.ts';
import { dueDate, hasLeft, isOverdue } from '../reviews/review-rules.ts';
import { coverageSeries } from './coverage.ts';

type Db = Kysely<DB>;
const DAY = 86_400_000;
const ACTIVITY_KIND = '(task|subprocess|callactivity|transaction)$';
const GAPS_TOP = 10;

/**
 * The figures of the management dashboard, organisation-wide (knowledge managers and admins
 * read every space). Counts of steps, pages, interviews and searches — never of what a person
 * did: nothing here ranks people.
 */
export async function dashboardFigures(db: Db, now = new Date()): Promise<Dashboard> {
  const [coverage, risk, reviews, interviews, gaps] = await Promise.all([coverageSeries(db, now), riskByOffice(db, now), reviewsByOffice(db, now), interviewCounts(db), openGaps(db, now)]);
  return { generatedAt: now.toISOString(), coverage, risk, reviews, interviews, gaps };
}

/**
 * Per office (space), the activities whose experts leave within 6 and 12 months: an author of
 * a live page attached to the step, or a named contact of the step, still active with a planned
 * departure from today on.
 */
export async function riskByOffice(db: Db, now = new Date()): Promise<Dashboard['risk']> {
  const day = today(now);
  const in6 = today(new Date(now.getTime() + 182 * DAY));
  const in12 = today(new Date(now.getTime() + 365 * DAY));
  const rows = await sql<{ space_id: string; name: string; within6: string; within12: string }>`
    WITH experts AS (
      SELECT sp.process_id, sp.element_id, pc.user_id
        FROM process_step_pages sp
        JOIN pages pg ON pg.id = sp.page_id AND pg.archived_at IS NULL
        JOIN page_contributors pc ON pc.page_id = pg.id
      UNION
      SELECT c.process_id, c.element_id, c.user_id FROM process_step_contacts c
    ), leaving AS (
      SELECT e.process_id, e.element_id, min(u.planned_departure_date) AS leaves
        FROM experts e JOIN users u ON u.id = e.user_id
       WHERE u.active AND u.planned_departure_date >= ${day}::date AND u.planned_departure_date <= ${in12}::date
       GROUP BY e.process_id, e.element_id
    )
    SELECT s.id AS space_id, s.name,
           count(*) FILTER (WHERE l.leaves <= ${in6}::date) AS within6,
           count(*) AS within12
      FROM leaving l
      JOIN process_steps st ON st.process_id = l.process_id AND st.element_id = l.element_id
      JOIN processes p ON p.id = st.process_id
      JOIN spaces s ON s.id = p.space_id
     WHERE st.removed_in_version IS NULL AND st.kind ~* ${ACTIVITY_KIND} AND p.archived_at IS NULL AND s.archived_at IS NULL
     GROUP BY s.id, s.name
     ORDER BY count(*) DESC, s.name`.execute(db);
  return rows.rows.map((r) => ({ spaceId: r.space_id, name: r.name, within6Months: Number(r.within6), within12Months: Number(r.within12) }));
}

/** Per office, the live pages with a present responsible person: review within its interval, or overdue (the worklist's rule). */
export async function reviewsByOffice(db: Db, now = new Date()): Promise<Dashboard['reviews']> {
  const day = today(now);
  const rows = await db
    .selectFrom('page_reviews as r')
    .innerJoin('pages as p', 'p.id', 'r.page_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .innerJoin('users as u', 'u.id', 'r.responsible_id')
    .leftJoin('page_contributors as c', (j) => j.onRef('c.page_id', '=', 'r.page_id').onRef('c.user_id', '=', 'r.responsible_id'))
    .select(['s.id as space_id', 's.name', 'r.interval_days', 'r.set_at', 'r.last_confirmed_at', 'c.last_edited_at', 'u.active', 'u.planned_departure_date'])
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .execute();
  const offices = new Map<string, Dashboard['reviews'][number]>();
  for (const r of rows) {
    if (r.interval_days === null || r.set_at === null || hasLeft({ active: r.active, departureDate: r.planned_departure_date }, day)) continue;
    const office = offices.get(r.space_id) ?? { spaceId: r.space_id, name: r.name, onTime: 0, overdue: 0 };
    const due = dueDate({ intervalDays: r.interval_days, setAt: new Date(r.set_at), lastConfirmedAt: r.last_confirmed_at, responsibleEditedAt: r.last_edited_at ? new Date(r.last_edited_at) : null });
    if (isOverdue(due, day)) office.overdue += 1;
    else office.onTime += 1;
    offices.set(r.space_id, office);
  }
  return [...offices.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

export async function interviewCounts(db: Db): Promise<Dashboard['interviews']> {
  const rows = await db.selectFrom('interviews').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  const n = (statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
  return { planned: n(['planned']), running: n(['in_progress', 'in_review']), done: n(['completed']) };
}

/** "Gesucht, nicht gefunden" of the last 90 days still without a page, most searched first. */
export async function openGaps(db: Db, now = new Date()): Promise<Dashboard['gaps']> {
  const gaps = await knowledgeGaps(db, 90, 'all', now);
  return gaps
    .filter((g) => g.pageId === null)
    .sort((a, b) => b.count - a.count || a.query.localeCompare(b.query, 'de'))
    .slice(0, GAPS_TOP)
    .map((g) => ({ query: g.query, count: g.count }));
}
