import type { Worklist } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess } from '../support/seed.ts';
import type { TestApp } from '../support/test-app.ts';
import { attach, DAY, dateIn, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** The knowledge managers' worklist: steps without pages, pages without a responsible person, overdue reviews, interviews not started. */
describe.each(backends)('knowledge worklist on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  beforeAll(async () => ({ t, c } = await startSpaceCast(backend, 'Standesamt')), 60_000);
  afterAll(() => t?.close());

  it('lists what is missing or overdue, and nothing that is in order', async () => {
    const db = t.database.db;
    const processId = await seedProcess(db, c.spaceId, 'Eheschließung', ['Task_Anmeldung', 'Task_Trauung']);
    const documented = await importMarkdown(c.owner, c.spaceId, 'Anmeldung zur Eheschließung');
    await attach(db, processId, 'Task_Anmeldung', documented);
    const overdue = await importMarkdown(c.owner, c.spaceId, 'Namensführung');
    const orphan = await importMarkdown(c.owner, c.spaceId, 'Trauzeugen');
    const leftBehind = await importMarkdown(c.owner, c.spaceId, 'Trauorte');
    for (const [pageId, responsible] of [[documented, c.editor], [overdue, c.editor], [leftBehind, c.reader]] as const) {
      expect((await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: responsible.user.id, intervalDays: 365 })).statusCode).toBe(200);
    }
    await db.updateTable('page_reviews').set({ set_at: new Date(Date.now() - 400 * DAY) }).where('page_id', '=', overdue).execute();
    await db.updateTable('page_contributors').set({ last_edited_at: new Date(Date.now() - 400 * DAY) }).where('page_id', '=', overdue).execute();
    // The reader leaves: their page needs a new responsible person.
    await db.updateTable('users').set({ planned_departure_date: dateIn(-1) }).where('id', '=', c.reader.user.id).execute();
    // The editor leaves in 30 days without an interview; the owner in 40 days with a running one.
    await db.updateTable('users').set({ planned_departure_date: dateIn(30) }).where('id', '=', c.editor.user.id).execute();
    await db.updateTable('users').set({ planned_departure_date: dateIn(40) }).where('id', '=', c.owner.user.id).execute();
    const interview = await c.manager.post('/api/v1/interviews', { subjectUserId: c.owner.user.id, interviewerId: c.manager.user.id, departureDate: dateIn(40) });
    expect(interview.statusCode, interview.body).toBe(201);
    await c.manager.post(`/api/v1/interviews/${interview.json().id}/transition`, { to: 'in_progress' });

    const res = await c.manager.get('/api/v1/knowledge-gaps/worklist?horizonDays=90');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as Worklist;
    expect(list.stepsWithoutPages.filter((s) => s.processId === processId).map((s) => s.elementId)).toEqual(['Task_Trauung']);
    const without = list.pagesWithoutResponsible.filter((p) => [documented, overdue, orphan, leftBehind].includes(p.pageId));
    expect(without.map((p) => [p.title, p.formerResponsible])).toEqual([
      ['Trauorte', 'Rita Reader'],
      ['Trauzeugen', null],
    ]);
    expect(list.overdueReviews.filter((p) => p.pageId === overdue)).toEqual([expect.objectContaining({ title: 'Namensführung', responsible: 'Emil Editor' })]);
    expect(list.overdueReviews.map((p) => p.pageId)).not.toContain(documented);
    expect(list.interviewsNotStarted.map((p) => p.displayName)).toEqual(['Emil Editor']);
    // Beyond the horizon nobody is listed.
    expect(((await c.manager.get('/api/v1/knowledge-gaps/worklist?horizonDays=10')).json() as Worklist).interviewsNotStarted).toEqual([]);
    expect((await c.owner.get('/api/v1/knowledge-gaps/worklist')).statusCode).toBe(403);
  });
});
