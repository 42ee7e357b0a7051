import type { CoveragePoint } from '@stafette/api';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { today } from '../reviews/review-queries.ts';

type Db = Kysely<DB>;

/** Activities (as the knowledge-risk view counts them: tasks, sub-processes, call activities, transactions). */
const ACTIVITY_KIND = '(task|subprocess|callactivity|transaction)$';

/**
 * Documentation coverage of the process steps, organisation-wide: the activities of the current
 * versions of live processes in live spaces, and how many of them have a live page attached.
 */
export async function currentCoverage(db: Db): Promise<{ steps: number; documented: number }> {
  const row = await db
    .selectFrom('process_steps as st')
    .innerJoin('processes as p', 'p.id', 'st.process_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select([
      sql<string>`count(*)`.as('steps'),
      sql<string>`count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM process_step_pages sp JOIN pages pg ON pg.id = sp.page_id
        WHERE sp.process_id = st.process_id AND sp.element_id = st.element_id AND pg.archived_at IS NULL))`.as('documented'),
    ])
    .where(sql<boolean>`st.kind ~* ${ACTIVITY_KIND}`)
    .where('st.removed_in_version', 'is', null)
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { steps: Number(row.steps), documented: Number(row.documented) };
}

/**
 * Today's snapshot, once: the first run of a day writes it, later runs (and other instances)
 * leave it. The first start of an instance takes one at once, so the chart has a point.
 */
export async function takeCoverageSnapshot(db: Db, now = new Date()): Promise<boolean> {
  const { steps, documented } = await currentCoverage(db);
  const inserted = await db.insertInto('coverage_snapshots').values({ day: today(now), steps, documented }).onConflict((oc) => oc.column('day').doNothing()).returning('day').execute();
  return inserted.length > 0;
}

/** The last year's snapshots, oldest first, with today's live figure as the last point. */
export async function coverageSeries(db: Db, now = new Date()): Promise<CoveragePoint[]> {
  const day = today(now);
  const since = today(new Date(now.getTime() - 365 * 86_400_000));
  const rows = await db
    .selectFrom('coverage_snapshots')
    .select(['day', 'steps', 'documented'])
    .where('day', '>=', since)
    .where('day', '<', day)
    .orderBy('day')
    .execute();
  const points = rows.map((r) => ({ day: typeof r.day === 'string' ? r.day : today(new Date(r.day as unknown as Date)), steps: r.steps, documented: r.documented }));
  return [...points, { day, ...(await currentCoverage(db)) }];
}
