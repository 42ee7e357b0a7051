import type { Dashboard } from '@stafette/api';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCoverageSnapshot } from '../../server/src/dashboard/coverage.ts';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess, seedSpace } from '../support/seed.ts';
import { attach, dateIn, DAY, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';

/**
 * The management dashboard: each figure equals a query written here independently of the
 * server's, over a small town with two offices; only knowledge managers and admins see it.
 */
describe.each(backends)('management dashboard on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let secondSpace: string;
  let leavingSoon: UserClient;
  let leavingLater: UserClient;

  const dashboard = async () => {
    const res = await c.manager.get('/api/v1/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dashboard;
  };
  const rows = async <T,>(query: RawBuilder<T>) => (await query.execute(t.database.db)).rows;

  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Bauamt'));
    secondSpace = await seedSpace(t.database.db, { name: 'Ordnungsamt', owners: [c.owner] });
    leavingSoon = await t.userClient({ displayName: 'Bald Weg' });
    leavingLater = await t.userClient({ displayName: 'Später Weg' });
    await t.database.db.updateTable('users').set({ planned_departure_date: dateIn(100) }).where('id', '=', leavingSoon.user.id).execute();
    await t.database.db.updateTable('users').set({ planned_departure_date: dateIn(300) }).where('id', '=', leavingLater.user.id).execute();
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: leavingLater.user.id, role: 'editor' }).execute();

    // Bauamt: three steps, one documented by someone leaving in 300 days, one with a contact leaving in 100.
    const bau = await seedProcess(t.database.db, c.spaceId, 'Bauantrag', ['Task_Eingang', 'Task_Pruefen', 'Task_Bescheid']);
    const page = await importMarkdown(leavingLater, c.spaceId, 'Eingang prüfen', '# Eingang\n\nVollständigkeit.');
    await attach(t.database.db, bau, 'Task_Eingang', page);
    await t.database.db.insertInto('process_step_contacts').values({ process_id: bau, element_id: 'Task_Pruefen', user_id: leavingSoon.user.id, position: 0 }).execute();
    // Ordnungsamt: two steps, both documented by the editor who stays.
    const ord = await seedProcess(t.database.db, secondSpace, 'Marktzulassung', ['Task_Antrag', 'Task_Zulassung']);
    await t.database.db.insertInto('space_members').values({ space_id: secondSpace, user_id: c.editor.user.id, role: 'editor' }).execute();
    for (const step of ['Task_Antrag', 'Task_Zulassung']) await attach(t.database.db, ord, step, await importMarkdown(c.editor, secondSpace, `Markt ${step}`));

    // Reviews: one on time, one overdue (set 400 days ago with a 365-day interval).
    await t.database.db.insertInto('page_reviews').values({ page_id: page, responsible_id: c.editor.user.id, interval_days: 365, set_at: new Date() }).execute();
    const old = await importMarkdown(c.editor, c.spaceId, 'Alte Regel');
    await t.database.db.insertInto('page_reviews').values({ page_id: old, responsible_id: c.editor.user.id, interval_days: 365, set_at: new Date(Date.now() - 400 * DAY) }).execute();
    await t.database.db.updateTable('page_contributors').set({ last_edited_at: new Date(Date.now() - 400 * DAY) }).where('page_id', '=', old).execute();

    // Interviews: one planned, one running, one done.
    const interviewer = await t.userClient({ displayName: 'Ivo Interview' });
    for (const [subject, status, days] of [[leavingSoon, 'planned', 100], [leavingLater, 'in_progress', 300], [c.reader, 'completed', 20]] as const) {
      const res = await c.manager.post('/api/v1/interviews', { subjectUserId: subject.user.id, interviewerId: interviewer.user.id, departureDate: dateIn(days), subjectRole: 'Sachbearbeitung' });
      expect(res.statusCode, res.body).toBe(201);
      await t.database.db.updateTable('interviews').set({ status }).where('id', '=', res.json().id).execute();
    }

    // Knowledge gaps: two shown without a page, one shown with a page, one not shown (too few people).
    const day = dateIn(-3);
    for (const [query, shown, searches] of [['hundekot', true, 7], ['sperrmüll termin', true, 4], ['parkausweis', false, 9]] as const) {
      await t.database.db.insertInto('search_gaps').values({ query, shown_since: shown ? new Date() : null }).execute();
      await t.database.db.insertInto('search_gap_days').values({ query, day, no_hits: searches, no_click: 0 }).execute();
    }
    await t.database.db.insertInto('search_gaps').values({ query: 'baumfällung', shown_since: new Date(), page_id: old }).execute();
    await t.database.db.insertInto('search_gap_days').values({ query: 'baumfällung', day, no_hits: 20, no_click: 0 }).execute();

    // Yesterday's snapshot, as the daily job would have taken it.
    await t.database.db.insertInto('coverage_snapshots').values({ day: dateIn(-1), steps: 4, documented: 1 }).execute();
  }, 90_000);
  afterAll(() => t?.close());

  it('shows coverage over time: the snapshots, then today live, equal to a count of steps and their pages', async () => {
    const [expected] = await rows<{ steps: string; documented: string }>(sql`
      SELECT count(*) AS steps, count(DISTINCT (st.process_id, st.element_id)) FILTER (WHERE pg.id IS NOT NULL) AS documented
        FROM process_steps st
        JOIN processes p ON p.id = st.process_id AND p.archived_at IS NULL
        JOIN spaces s ON s.id = p.space_id AND s.archived_at IS NULL
        LEFT JOIN LATERAL (SELECT pg.id FROM process_step_pages sp JOIN pages pg ON pg.id = sp.page_id AND pg.archived_at IS NULL
                            WHERE sp.process_id = st.process_id AND sp.element_id = st.element_id LIMIT 1) pg ON true
       WHERE st.removed_in_version IS NULL AND lower(st.kind) LIKE '%task'`);
    const d = await dashboard();
    expect(Number(expected!.steps)).toBe(5);
    expect(d.coverage.at(-1)).toEqual({ day: dateIn(0), steps: Number(expected!.steps), documented: Number(expected!.documented) });
    expect(d.coverage.at(-2)).toEqual({ day: dateIn(-1), steps: 4, documented: 1 });
    // The app took today's point at start (the backfill); the daily job writes it once, the live figure stays last.
    expect(await takeCoverageSnapshot(t.database.db)).toBe(false);
    expect(await t.database.db.selectFrom('coverage_snapshots').select('steps').where('day', '=', dateIn(0)).execute()).toHaveLength(1);
  });

  it('counts the steps at risk per office within 6 and 12 months', async () => {
    const leaving = await rows<{ name: string; within: number; user_id: string }>(sql`
      SELECT s.name, u.planned_departure_date - current_date AS within, u.id AS user_id
        FROM spaces s JOIN processes p ON p.space_id = s.id JOIN process_steps st ON st.process_id = p.id
        JOIN users u ON u.id IN (
          SELECT c.user_id FROM process_step_contacts c WHERE c.process_id = st.process_id AND c.element_id = st.element_id
          UNION SELECT pc.user_id FROM process_step_pages sp JOIN page_contributors pc ON pc.page_id = sp.page_id WHERE sp.process_id = st.process_id AND sp.element_id = st.element_id)
       WHERE u.planned_departure_date IS NOT NULL AND u.active`);
    const expected = new Map<string, { within6Months: number; within12Months: number }>();
    for (const r of leaving) {
      const office = expected.get(r.name) ?? { within6Months: 0, within12Months: 0 };
      if (Number(r.within) <= 182) office.within6Months += 1;
      if (Number(r.within) <= 365) office.within12Months += 1;
      expected.set(r.name, office);
    }
    expect(Object.fromEntries(expected)).toEqual({ Bauamt: { within6Months: 1, within12Months: 2 } });
    expect((await dashboard()).risk).toEqual([{ spaceId: c.spaceId, name: 'Bauamt', ...expected.get('Bauamt') }]);
  });

  it('counts reviews on time and overdue, interviews by state and the most searched open gaps', async () => {
    const d = await dashboard();
    expect(d.reviews).toEqual([{ spaceId: c.spaceId, name: 'Bauamt', onTime: 1, overdue: 1 }]);
    const states = await rows<{ status: string; n: string }>(sql`SELECT status, count(*) AS n FROM interviews GROUP BY status`);
    const n = (s: string) => Number(states.find((r) => r.status === s)?.n ?? 0);
    expect(d.interviews).toEqual({ planned: n('planned'), running: n('in_progress') + n('in_review'), done: n('completed') });
    expect(d.interviews).toEqual({ planned: 1, running: 1, done: 1 });
    const gaps = await rows<{ query: string; count: string }>(sql`
      SELECT g.query, sum(d.no_hits + d.no_click) AS count FROM search_gaps g JOIN search_gap_days d ON d.query = g.query
       WHERE g.shown_since IS NOT NULL AND g.page_id IS NULL GROUP BY g.query ORDER BY count DESC`);
    expect(d.gaps).toEqual(gaps.map((g) => ({ query: g.query, count: Number(g.count) })));
    expect(d.gaps.map((g) => g.query)).toEqual(['hundekot', 'sperrmüll termin']);
  });

  it('is for knowledge managers and admins only, and names no person', async () => {
    for (const client of [c.owner, c.editor, c.reader, c.outsider]) expect((await client.get('/api/v1/dashboard')).statusCode).toBe(403);
    const body = JSON.stringify(await dashboard());
    for (const name of ['Bald Weg', 'Später Weg', 'Emil Editor']) expect(body).not.toContain(name);
  });
});
