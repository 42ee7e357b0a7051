import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type CollabTestApp } from '../support/collab.ts';
import { purgeExpiredInterviews } from '../../server/src/interviews/retention.ts';
import { answerParagraph, type Cast, connectInterview, fillAnswers, reviewAndConsent, scheduleInterview, serverHas, startInterviewCast, syncedPeer, waitFor } from '../support/interviews.ts';

/** The calendar day `days` from today (UTC, as the retention job counts). */
function dayFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Retention (STAFETTE_INTERVIEW_RETENTION_DAYS, 90 by default): completed interviews lose their
 * unpublished content automatically that long after the departure date; interviews still running
 * are never purged by the job, they are flagged and their content goes only on an explicit,
 * confirmed and audited decision of a knowledge manager or admin.
 */
describe.each(backends)('interview retention on %s', (backend) => {
  let t: CollabTestApp;
  let c: Cast;
  beforeAll(async () => ({ t, c } = await startInterviewCast(backend)), 60_000);
  afterAll(() => t?.close());

  const updates = async (id: string) => (await t.database.db.selectFrom('interview_updates').select('interview_id').where('interview_id', '=', id).execute()).length;

  it('never purges a running interview automatically: the job keeps and flags it', async () => {
    const { id: running } = await scheduleInterview(c, { departureDate: '2020-01-31' });
    const { id: planned } = await scheduleInterview(c, { departureDate: '2020-01-31' });
    await fillAnswers(t, c, running, { risiken: 'Noch nicht veröffentlichtes Wissen' });
    await c.subject.put(`/api/v1/interviews/${running}/answers/rat`, { private: true });

    // 90 days after 2020-01-31 is 2020-04-30: due from 2020-05-01 on, and long past today.
    const first = await purgeExpiredInterviews(t.database.db, { retentionDays: 90, today: '2020-05-01', collab: t.app.interviewCollab });
    expect(first.purged).not.toContain(running);
    expect(first.purged).not.toContain(planned);
    expect(first.kept).toEqual(expect.arrayContaining([running, planned]));
    const later = await purgeExpiredInterviews(t.database.db, { retentionDays: 90, collab: t.app.interviewCollab });
    expect(later.purged).not.toContain(running);

    expect(await updates(running)).toBeGreaterThan(0);
    expect(await t.database.db.selectFrom('interview_answers').select('question_id').where('interview_id', '=', running).execute()).toEqual([{ question_id: 'rat' }]);
    const after = (await c.interviewer.get(`/api/v1/interviews/${running}`)).json();
    expect(after).toMatchObject({ purged: false, status: 'in_progress', retention: { keptUntil: '2020-04-30', state: 'due', automatic: false }, can: { editAnswers: true } });
    expect(after.answers.find((a: { questionId: string }) => a.questionId === 'risiken').text).toContain('Noch nicht veröffentlicht');
    // The list carries the flag too, for the warning there.
    const listed = (await c.manager.get('/api/v1/interviews')).json().find((i: { id: string }) => i.id === planned);
    expect(listed.retention).toEqual({ keptUntil: '2020-04-30', state: 'due', automatic: false });
  }, 60_000);

  it('warns some days before the date, not earlier', async () => {
    // Kept until 7 days from now: inside the 14-day warning window.
    const { body: soon } = await scheduleInterview(c, { departureDate: dayFromToday(7 - 90) });
    expect(soon.retention).toEqual({ keptUntil: dayFromToday(7), state: 'warning', automatic: false });
    const { body: far } = await scheduleInterview(c, { departureDate: dayFromToday(30) });
    expect(far.retention).toEqual({ keptUntil: dayFromToday(120), state: 'scheduled', automatic: false });
    // Moving the departure date moves the date: retention follows the record, not a stored flag.
    const moved = await c.manager.patch(`/api/v1/interviews/${far.id}`, { departureDate: dayFromToday(-100) });
    expect(moved.json().retention).toMatchObject({ state: 'due' });
  }, 60_000);

  it('purges a completed interview automatically after the period and keeps its published pages', async () => {
    const { id } = await scheduleInterview(c, { departureDate: '2020-01-31' });
    await fillAnswers(t, c, id, { fristen: 'Veröffentlichte Frist', rat: 'Vertraulicher Rat' });
    await c.subject.put(`/api/v1/interviews/${id}/answers/rat`, { private: true });
    await reviewAndConsent(c, id);
    const done = await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(done.statusCode).toBe(200);
    expect((await c.manager.get(`/api/v1/interviews/${id}`)).json().retention).toEqual({ keptUntil: '2020-04-30', state: 'due', automatic: true });

    expect((await purgeExpiredInterviews(t.database.db, { retentionDays: 90, today: '2020-04-30' })).purged).not.toContain(id);
    const { purged, kept } = await purgeExpiredInterviews(t.database.db, { retentionDays: 90, today: '2020-05-01', collab: t.app.interviewCollab });
    expect(purged).toContain(id);
    expect(kept).not.toContain(id);
    expect(await updates(id)).toBe(0);
    expect(await t.database.db.selectFrom('interview_answers').select('question_id').where('interview_id', '=', id).execute()).toEqual([]);
    const after = (await c.manager.get(`/api/v1/interviews/${id}`)).json();
    expect(after).toMatchObject({ purged: true, retention: { state: 'purged' } });
    // Nothing is left to preview: the interview is still visible, its content is not.
    const preview = await c.subject.get(`/api/v1/interviews/${id}/preview`);
    expect(preview.statusCode).toBe(403);
    expect(preview.json()).toMatchObject({ type: 'urn:stafette:problem:forbidden', detail: 'The interview content was deleted after the retention period.' });
    const handover = (await c.outsider.get(`/api/v1/pages/${done.json().handoverPageId}/export?format=markdown`)).body;
    expect(handover).toContain('Veröffentlichte Frist');
    expect(handover).not.toContain('Vertraulicher Rat');
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('target_id', '=', id).where('action', '=', 'interview.purge').execute();
    expect(audit).toEqual([{ actor_id: null, detail: expect.objectContaining({ retentionDays: 90, status: 'completed', decision: 'automatic' }) }]);
  }, 90_000);

  it('deletes a running interview’s content only on a confirmed, audited decision of a knowledge manager, and closes its sockets', async () => {
    const { id } = await scheduleInterview(c, { departureDate: '2020-01-31' });
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const peer = connectInterview(t.baseUrl, id, c.subject);
    await syncedPeer(peer);
    answerParagraph(peer.doc, 'risiken').insert(0, 'Ungesichertes Wissen');
    await serverHas(t, id, 'risiken', 'Ungesichertes');
    const purge = (who: typeof c.manager, body?: unknown) => who.post(`/api/v1/interviews/${id}/retention/purge`, body as Record<string, unknown>);

    expect((await purge(c.outsider, { confirm: true })).statusCode).toBe(404);
    for (const who of [c.interviewer, c.subject, c.successor]) expect((await purge(who, { confirm: true })).statusCode).toBe(403);
    // No silent deletion: the decision must be spelled out.
    for (const body of [undefined, {}, { confirm: false }]) {
      const res = await purge(c.manager, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await updates(id)).toBeGreaterThan(0);

    // Not due yet: refused, whatever the confirmation.
    const { id: notDue } = await scheduleInterview(c, { departureDate: dayFromToday(10) });
    const early = await c.manager.post(`/api/v1/interviews/${notDue}/retention/purge`, { confirm: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toBe('urn:stafette:problem:retention-not-due');

    const done = await purge(c.manager, { confirm: true, reason: 'Gespräch nicht fortgeführt, Person ausgeschieden' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id, purged: true, status: 'in_progress', retention: { state: 'purged' }, can: { editAnswers: false } });
    await waitFor(() => peer.closes.some((e) => e.code === 4404), 5000, 'socket of purged interview closed');
    peer.destroy();
    expect(await updates(id)).toBe(0);
    expect((await c.subject.get(`/api/v1/interviews/${id}/preview`)).statusCode).toBe(403);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('target_id', '=', id).where('action', '=', 'interview.purge').execute();
    expect(audit).toEqual([
      { actor_id: c.manager.user.id, detail: expect.objectContaining({ decision: 'explicit', status: 'in_progress', reason: 'Gespräch nicht fortgeführt, Person ausgeschieden' }) },
    ]);
    // Done once: a second decision finds nothing left to delete.
    expect((await purge(c.admin, { confirm: true })).statusCode).toBe(403);
  }, 60_000);

  it('keeps the admin route to run the job now, and reports the interviews it kept', async () => {
    const { id } = await scheduleInterview(c, { departureDate: '2020-02-29' });
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    expect((await c.manager.post('/api/v1/interviews/retention/run')).statusCode).toBe(403);
    const run = await c.admin.post('/api/v1/interviews/retention/run');
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ retentionDays: 90, kept: expect.arrayContaining([id]) });
    expect(run.json().purged).not.toContain(id);
    expect((await c.manager.get(`/api/v1/interviews/${id}`)).json().purged).toBe(false);
  }, 60_000);
});
