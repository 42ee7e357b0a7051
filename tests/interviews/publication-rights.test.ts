import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type CollabTestApp } from '../support/collab.ts';
import { addMember, seedProcess, seedSpace } from '../support/seed.ts';
import { type Cast, fillAnswers, reviewAndConsent, scheduleInterview, startInterviewCast } from '../support/interviews.ts';

/**
 * Publication attaches answer pages to process steps by the rule of
 * `PUT /processes/:id/steps/:elementId/pages/:pageId`: the publisher edits the process's space,
 * neither process nor space is archived. Answers linked to other steps are still published (the
 * departing person consented to them and may be gone), but not attached, and the response says so.
 */
describe.each(backends)('interview publication onto process steps on %s', (backend) => {
  let t: CollabTestApp;
  let c: Cast;
  beforeAll(async () => ({ t, c } = await startInterviewCast(backend)), 60_000);
  afterAll(() => t?.close());

  const attached = (processId: string) =>
    t.database.db.selectFrom('process_step_pages').select(['element_id', 'page_id']).where('process_id', '=', processId).execute();

  it('attaches only where the publisher may attach (edit rights, nothing archived) and reports each step it left out', async () => {
    // The interviewer reads the Ordnungsamt but does not edit there; the Standesamt they cannot see at all.
    const readOnlySpace = await seedSpace(t.database.db, { name: `Ordnungsamt ${backend}`, readers: [c.subject, c.interviewer] });
    const hiddenSpace = await seedSpace(t.database.db, { name: `Standesamt ${backend}`, readers: [c.subject] });
    const readOnlyProcess = await seedProcess(t.database.db, readOnlySpace, 'Gewerbeanmeldung', ['Task_Erfassen']);
    const hiddenProcess = await seedProcess(t.database.db, hiddenSpace, 'Eheschließung', ['Task_Termin']);
    const archivedProcess = await seedProcess(t.database.db, c.spaceId, 'Abrissgenehmigung', ['Task_Abriss']);

    const { id } = await scheduleInterview(c);
    await fillAnswers(t, c, id, {
      prozessschritte: 'Vollständigkeit zuerst prüfen.',
      fristen: 'Gewerbeanmeldungen binnen einer Woche erfassen.',
      'nur-ich': 'Termine im Standesamt nur vormittags.',
      ablagen: 'Abrissakten liegen im Keller.',
    });
    const link = (questionId: string, processId: string, elementId: string) => c.subject.put(`/api/v1/interviews/${id}/answers/${questionId}/steps/${processId}/${elementId}`);
    expect((await link('prozessschritte', c.processId, 'Task_Pruefen')).statusCode).toBe(201);
    expect((await link('fristen', readOnlyProcess, 'Task_Erfassen')).statusCode).toBe(201);
    expect((await link('nur-ich', hiddenProcess, 'Task_Termin')).statusCode).toBe(201);
    expect((await link('ablagen', archivedProcess, 'Task_Abriss')).statusCode).toBe(201);
    // Archived after the link was made: publication must look again.
    expect((await c.manager.post(`/api/v1/processes/${archivedProcess}/archive`)).statusCode).toBe(200);
    await reviewAndConsent(c, id);

    const done = await c.interviewer.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(done.statusCode).toBe(200);
    const body = done.json();
    const pageOf = (questionId: string) => body.stepPages.find((p: { questionId: string }) => p.questionId === questionId).pageId as string;
    // Every consented answer is published as a page; only the permitted step carries it.
    expect(body.stepPages.map((p: { questionId: string; steps: unknown[] }) => [p.questionId, p.steps.length])).toEqual([
      ['prozessschritte', 1],
      ['nur-ich', 0],
      ['fristen', 0],
      ['ablagen', 0],
    ]);
    expect(body.unattachedSteps).toEqual(
      expect.arrayContaining([
        { pageId: pageOf('fristen'), questionId: 'fristen', processId: readOnlyProcess, elementId: 'Task_Erfassen', reason: 'forbidden' },
        { pageId: pageOf('nur-ich'), questionId: 'nur-ich', processId: hiddenProcess, elementId: 'Task_Termin', reason: 'not-found' },
        { pageId: pageOf('ablagen'), questionId: 'ablagen', processId: archivedProcess, elementId: 'Task_Abriss', reason: 'archived' },
      ]),
    );
    expect(body.unattachedSteps).toHaveLength(3);

    expect(await attached(c.processId)).toContainEqual({ element_id: 'Task_Pruefen', page_id: pageOf('prozessschritte') });
    expect(await attached(readOnlyProcess)).toEqual([]);
    expect(await attached(hiddenProcess)).toEqual([]);
    expect(await attached(archivedProcess)).toEqual([]);
    // The audit names what was left out, so the process owners can be asked to attach it.
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', id).where('action', '=', 'interview.complete').executeTakeFirstOrThrow();
    expect((audit.detail as { unattachedSteps: unknown[] }).unattachedSteps).toHaveLength(3);
    const attachAudits = await t.database.db.selectFrom('audit_log').select('target_id').where('action', '=', 'process.step.attach').where('target_id', 'in', [readOnlyProcess, hiddenProcess, archivedProcess]).execute();
    expect(attachAudits).toEqual([]);

    // An editor of that space can attach the published page later through the ordinary route.
    const owner = await t.userClient({ displayName: 'Olga Ordnung' });
    await addMember(t.database.db, readOnlySpace, owner, 'editor');
    await addMember(t.database.db, c.spaceId, owner, 'reader');
    expect((await owner.put(`/api/v1/processes/${readOnlyProcess}/steps/Task_Erfassen/pages/${pageOf('fristen')}`)).statusCode).toBe(204);
  }, 90_000);

  it('a knowledge manager who only reads the process’s space does not attach there either', async () => {
    // Knowledge managers read every space; attaching needs edit rights like for everyone else.
    const foreignSpace = await seedSpace(t.database.db, { name: `Kämmerei ${backend}`, readers: [c.subject] });
    const foreignProcess = await seedProcess(t.database.db, foreignSpace, 'Mahnlauf', ['Task_Mahnen']);
    const { id } = await scheduleInterview(c);
    await fillAnswers(t, c, id, { prozessschritte: 'Mahnläufe freitags starten.' });
    expect((await c.subject.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${foreignProcess}/Task_Mahnen`)).statusCode).toBe(201);
    await reviewAndConsent(c, id);
    const done = await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(done.statusCode).toBe(200);
    expect(done.json().unattachedSteps).toEqual([expect.objectContaining({ processId: foreignProcess, elementId: 'Task_Mahnen', reason: 'forbidden' })]);
    expect(await attached(foreignProcess)).toEqual([]);
  }, 90_000);

  it('refuses to link an answer to a step of an archived process or space (409 process-archived)', async () => {
    const { id } = await scheduleInterview(c);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const process = await seedProcess(t.database.db, c.spaceId, 'Altverfahren', ['Task_Alt']);
    expect((await c.manager.post(`/api/v1/processes/${process}/archive`)).statusCode).toBe(200);
    const refused = await c.interviewer.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${process}/Task_Alt`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toBe('urn:stafette:problem:process-archived');

    const archivedSpace = await seedSpace(t.database.db, { name: `Archiv ${backend}`, editors: [c.interviewer] });
    const inArchived = await seedProcess(t.database.db, archivedSpace, 'Altakten', ['Task_Akte']);
    await t.database.db.updateTable('spaces').set({ archived_at: new Date() }).where('id', '=', archivedSpace).execute();
    const refusedSpace = await c.interviewer.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${inArchived}/Task_Akte`);
    expect(refusedSpace.statusCode).toBe(409);
    expect(refusedSpace.json().type).toBe('urn:stafette:problem:process-archived');
  }, 60_000);

  it('links an answer only to a process the participant can see: 404 for one they cannot', async () => {
    const { id } = await scheduleInterview(c);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const hiddenSpace = await seedSpace(t.database.db, { name: `Personalamt ${backend}`, readers: [c.subject] });
    const hidden = await seedProcess(t.database.db, hiddenSpace, 'Personalakte führen', ['Task_Akte']);
    const refused = await c.interviewer.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${hidden}/Task_Akte`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().type).toBe('urn:stafette:problem:not-found');
    expect(refused.body).not.toContain('Personalakte');
    const linked = await c.subject.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${hidden}/Task_Akte`);
    expect(linked.statusCode).toBe(201);
    expect(linked.json().answers.find((a: { questionId: string }) => a.questionId === 'prozessschritte').steps).toEqual([
      expect.objectContaining({ processId: hidden, elementId: 'Task_Akte' }),
    ]);
  }, 60_000);

  it('publishes only into a space where the publisher creates pages, and publishes nothing when refused', async () => {
    const unseen = await seedSpace(t.database.db, { name: `Kämmerei ${backend}` });
    const readOnly = await seedSpace(t.database.db, { name: `Stadtarchiv ${backend}`, readers: [c.interviewer] });
    const archived = await seedSpace(t.database.db, { name: `Altamt ${backend}`, owners: [c.interviewer], archived: true });
    const { id } = await scheduleInterview(c);
    await fillAnswers(t, c, id, { fristen: 'Fristen im Kalender eintragen.' });
    await reviewAndConsent(c, id);
    const pagesBefore = await t.database.db.selectFrom('pages').select('id').execute();

    for (const [who, spaceId, status, slug] of [
      [c.interviewer, unseen, 404, 'not-found'],
      [c.interviewer, readOnly, 403, 'forbidden'],
      // Knowledge managers read every space; publishing needs edit rights there like for everyone.
      [c.manager, readOnly, 403, 'forbidden'],
      // Its owner would create pages there, once it is restored.
      [c.interviewer, archived, 409, 'space-archived'],
    ] as const) {
      const refused = await who.post(`/api/v1/interviews/${id}/complete`, { spaceId });
      expect({ spaceId, status: refused.statusCode, type: refused.json().type }).toEqual({ spaceId, status, type: `urn:stafette:problem:${slug}` });
    }
    expect((await c.interviewer.get(`/api/v1/interviews/${id}`)).json()).toMatchObject({ status: 'in_review', publication: null });
    expect(await t.database.db.selectFrom('pages').select('id').execute()).toHaveLength(pagesBefore.length);

    const done = await c.interviewer.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(done.statusCode).toBe(200);
  }, 90_000);
});
