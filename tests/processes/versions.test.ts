import type { Step } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { addMember, createPage, startWithSpaceOwner } from '../support/seed.ts';
import { fixture, importMultipart, importXml, linearModel, multipart, uploadVersion } from '../support/processes.ts';

const ids = (steps: Step[]) => steps.map((s) => s.elementId);
const pageIds = (pages: { id: string }[]) => pages.map((p) => p.id);

describe.each(backends)('process versions and attached pages on %s', (backend) => {
  let t: TestApp;
  let owner: Client & { user: { id: string } };
  let spaceId: string;

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Standesamt', 'Prozessverantwortliche')));
  afterAll(() => t?.close());

  async function newProcess(taskIds: string[]) {
    const res = await importXml(owner, spaceId, linearModel({ name: 'Eheschließung', taskIds }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  const attach = (processId: string, elementId: string, pageId: string, client: Client = owner) =>
    client.put(`/api/v1/processes/${processId}/steps/${encodeURIComponent(elementId)}/pages/${pageId}`);
  const stepPages = async (processId: string, elementId: string, client: Client = owner) =>
    (await client.get(`/api/v1/processes/${processId}/steps/${encodeURIComponent(elementId)}/pages`)).json();

  it('attaches and detaches pages, idempotently, and lists them on the step and the page', async () => {
    const processId = await newProcess(['Anmelden', 'Pruefen']);
    const page = await createPage(owner, spaceId, 'Checkliste Anmeldung');
    expect((await attach(processId, 'Anmelden', page)).statusCode).toBe(204);
    expect((await attach(processId, 'Anmelden', page)).statusCode).toBe(204);
    expect(await stepPages(processId, 'Anmelden')).toEqual([
      expect.objectContaining({ id: page, title: 'Checkliste Anmeldung', spaceId, archived: false }),
    ]);
    const steps = (await owner.get(`/api/v1/pages/${page}/steps`)).json();
    expect(steps).toEqual([
      expect.objectContaining({ processId, processName: 'Eheschließung', elementId: 'Anmelden', kind: 'userTask', name: 'Schritt Anmelden', orphaned: false }),
    ]);
    const audits = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', processId).orderBy('seq').execute();
    expect(audits.map((a) => a.action)).toEqual(['process.import', 'process.step.attach']);

    const detached = await owner.delete(`/api/v1/processes/${processId}/steps/Anmelden/pages/${page}`);
    expect(detached.statusCode).toBe(204);
    expect(await stepPages(processId, 'Anmelden')).toEqual([]);
    expect((await owner.delete(`/api/v1/processes/${processId}/steps/Anmelden/pages/${page}`)).statusCode).toBe(404);
    expect((await owner.get(`/api/v1/pages/${page}/steps`)).json()).toEqual([]);
  });

  it('refuses to attach to unknown steps, unknown pages and archived pages', async () => {
    const processId = await newProcess(['A']);
    const page = await createPage(owner, spaceId, 'Irgendwas');
    expect((await attach(processId, 'GibtEsNicht', page)).statusCode).toBe(404);
    expect((await attach(processId, 'A', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await owner.post(`/api/v1/pages/${page}/archive`)).statusCode).toBe(200);
    const archived = await attach(processId, 'A', page);
    expect(archived.statusCode).toBe(409);
    expect(archived.json().type).toBe('urn:stafette:problem:page-archived');
  });

  it('keeps pages on steps whose ids survive a new version and reports vanished steps as orphaned', async () => {
    const processId = await newProcess(['Antrag', 'Pruefung', 'Bescheid']);
    const [p1, p2, p3] = [await createPage(owner, spaceId, 'Antrag annehmen'), await createPage(owner, spaceId, 'Prüfschema'), await createPage(owner, spaceId, 'Musterbescheid')];
    await attach(processId, 'Antrag', p1);
    await attach(processId, 'Pruefung', p2);
    await attach(processId, 'Pruefung', p3);

    // Version 2: Pruefung was re-drawn with a new id, Bescheid (no pages) removed, Vorpruefung added.
    const v2 = await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Antrag', 'Vorpruefung', 'Pruefung_neu'] }));
    expect(v2.statusCode, v2.body).toBe(201);
    const body = v2.json();
    expect(body).toMatchObject({ id: processId, version: 2 });
    expect(ids(body.steps)).toEqual(['Start', 'Antrag', 'Vorpruefung', 'Pruefung_neu', 'End']);
    expect(body.orphaned).toEqual([{ elementId: 'Pruefung', kind: 'userTask', name: 'Schritt Pruefung', lane: null, removedInVersion: 2, pageCount: 2 }]);

    // The surviving step keeps its page; the orphaned one keeps both, visible on the process and on the pages.
    expect(pageIds(await stepPages(processId, 'Antrag'))).toEqual([p1]);
    expect((await stepPages(processId, 'Pruefung')).map((p: { title: string }) => p.title)).toEqual(['Musterbescheid', 'Prüfschema']);
    const process = (await owner.get(`/api/v1/processes/${processId}`)).json();
    expect(process.version).toBe(2);
    expect(ids(process.steps)).not.toContain('Pruefung');
    expect(process.orphanedSteps).toEqual(body.orphaned);
    expect((await owner.get(`/api/v1/pages/${p2}/steps`)).json()).toEqual([expect.objectContaining({ elementId: 'Pruefung', orphaned: true })]);
    const list = (await owner.get(`/api/v1/processes?spaceId=${spaceId}`)).json();
    expect(list.find((p: { id: string }) => p.id === processId)).toMatchObject({ version: 2, stepCount: 5, orphanedCount: 1 });

    // Orphaned steps take no new pages, but can be cleared page by page; the last one removes the link.
    const extra = await createPage(owner, spaceId, 'Neu');
    expect((await attach(processId, 'Pruefung', extra)).json().type).toBe('urn:stafette:problem:step-orphaned');
    expect((await owner.delete(`/api/v1/processes/${processId}/steps/Pruefung/pages/${p2}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/processes/${processId}`)).json().orphanedSteps).toEqual([expect.objectContaining({ elementId: 'Pruefung', pageCount: 1 })]);

    // Version 3 brings the old id back: its remaining page is attached again, no longer orphaned.
    const v3 = (await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Antrag', 'Pruefung'] }))).json();
    expect(v3.version).toBe(3);
    expect(v3.orphaned).toEqual([]);
    expect(pageIds(await stepPages(processId, 'Pruefung'))).toEqual([p3]);
    expect((await owner.get(`/api/v1/pages/${p3}/steps`)).json()).toEqual([expect.objectContaining({ elementId: 'Pruefung', orphaned: false })]);

    // Orphaned steps accumulate across versions until cleared, each with the version it left in.
    await attach(processId, 'Antrag', p2);
    const v4 = (await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Pruefung'] }))).json();
    expect(v4.orphaned).toEqual([expect.objectContaining({ elementId: 'Antrag', removedInVersion: 4, pageCount: 2 })]);
    const v5 = (await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Neu'] }))).json();
    expect(v5.orphaned.map((o: { elementId: string; removedInVersion: number }) => [o.elementId, o.removedInVersion])).toEqual([
      ['Antrag', 4],
      ['Pruefung', 5],
    ]);
    const last = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', processId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'process.version', detail: { version: 5, orphaned: ['Pruefung'], orphanedCount: 1, steps: 3 } });
  });

  it('keeps interview answers linked to steps a new version drops: the step is marked removed, the link stays', async () => {
    // A running exit interview whose answer hangs on two steps; the process owner then uploads
    // versions without them. The links used to go with the step row (ON DELETE CASCADE).
    const manager = await t.userClient({ role: 'knowledge_manager' });
    const subject = await t.userClient({ displayName: 'Erika Ausscheidend' });
    const interviewer = await t.userClient({ displayName: 'Ivo Interview' });
    await addMember(t.database.db, spaceId, interviewer, 'reader');
    const processId = await newProcess(['Trauung', 'Urkunde', 'Archiv']);
    const scheduled = await manager.post('/api/v1/interviews', { subjectUserId: subject.user.id, interviewerId: interviewer.user.id, departureDate: '2030-06-30' });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const interviewId = scheduled.json().id as string;
    expect((await interviewer.post(`/api/v1/interviews/${interviewId}/transition`, { to: 'in_progress' })).statusCode).toBe(200);
    for (const step of ['Trauung', 'Urkunde']) {
      const linked = await interviewer.put(`/api/v1/interviews/${interviewId}/answers/prozessschritte/steps/${processId}/${step}`);
      expect(linked.statusCode, linked.body).toBe(201);
    }
    const page = await createPage(owner, spaceId, 'Urkunde ausstellen');
    await attach(processId, 'Urkunde', page);
    const linkedSteps = async () =>
      (await manager.get(`/api/v1/interviews/${interviewId}`)).json().answers.find((a: { questionId: string }) => a.questionId === 'prozessschritte')?.steps ?? [];
    const links = async () => Number((await t.database.db.selectFrom('interview_answer_steps').select((eb) => eb.fn.countAll().as('n')).where('interview_id', '=', interviewId).executeTakeFirstOrThrow()).n);

    // Version 2 drops both linked steps (Urkunde also has a page) and Archiv (nothing hangs on it).
    const v2 = await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Neu'] }));
    expect(v2.statusCode, v2.body).toBe(201);
    expect(await links()).toBe(2);
    expect(await linkedSteps()).toEqual([
      expect.objectContaining({ processId, elementId: 'Trauung', name: 'Schritt Trauung', orphaned: true }),
      expect.objectContaining({ processId, elementId: 'Urkunde', name: 'Schritt Urkunde', orphaned: true }),
    ]);
    // The process view lists orphaned steps with pages; the one kept for the interview alone is not offered there.
    expect(v2.json().orphaned.map((o: { elementId: string }) => o.elementId)).toEqual(['Urkunde']);
    const steps = await t.database.db.selectFrom('process_steps').select(['element_id', 'removed_in_version']).where('process_id', '=', processId).orderBy('element_id').execute();
    expect(steps.filter((s) => s.removed_in_version !== null)).toEqual([
      { element_id: 'Trauung', removed_in_version: 2 },
      { element_id: 'Urkunde', removed_in_version: 2 },
    ]);
    const audit = await t.database.db.selectFrom('audit_log').select('detail').where('target_id', '=', processId).where('action', '=', 'process.version').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ orphaned: ['Trauung', 'Urkunde'], orphanedCount: 2 });

    // Detaching the last page of an orphaned step keeps the step while the interview links to it.
    expect((await owner.delete(`/api/v1/processes/${processId}/steps/Urkunde/pages/${page}`)).statusCode).toBe(204);
    expect(await links()).toBe(2);
    expect((await linkedSteps()).map((s: { elementId: string }) => s.elementId)).toEqual(['Trauung', 'Urkunde']);
    expect((await owner.get(`/api/v1/processes/${processId}`)).json().orphanedSteps).toEqual([]);
    expect((await owner.get(`/api/v1/processes?spaceId=${spaceId}`)).json().find((p: { id: string }) => p.id === processId)).toMatchObject({ orphanedCount: 0 });

    // A later version with the id again picks the answer up; one unlinked meanwhile lets its step go.
    expect((await interviewer.delete(`/api/v1/interviews/${interviewId}/answers/prozessschritte/steps/${processId}/Urkunde`)).statusCode).toBe(204);
    const v3 = await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Trauung', 'Neu'] }));
    expect(v3.statusCode, v3.body).toBe(201);
    expect(await linkedSteps()).toEqual([expect.objectContaining({ elementId: 'Trauung', orphaned: false })]);
    const left = await t.database.db.selectFrom('process_steps').select('element_id').where('process_id', '=', processId).orderBy('element_id').execute();
    expect(left.map((s) => s.element_id)).toEqual(['End', 'Neu', 'Start', 'Trauung']);
  });

  it('lists versions newest first and serves the XML of each', async () => {
    const processId = await newProcess(['Eins']);
    await uploadVersion(owner, processId, linearModel({ name: 'Eheschließung', taskIds: ['Eins', 'Zwei'] }));
    const { body, contentType } = multipart('v3.bpmn', linearModel({ name: 'Eheschließung', taskIds: ['Eins', 'Zwei', 'Drei'] }));
    const v3 = await owner.post(`/api/v1/processes/${processId}/versions`, body, { headers: { 'content-type': contentType } });
    expect(v3.statusCode, v3.body).toBe(201);
    const versions = (await owner.get(`/api/v1/processes/${processId}/versions`)).json();
    expect(versions.map((v: { version: number; current: boolean; stepCount: number }) => [v.version, v.current, v.stepCount])).toEqual([
      [3, true, 5],
      [2, false, 4],
      [1, false, 3],
    ]);
    expect(versions[0]).toMatchObject({ fileName: 'v3.bpmn', createdBy: { id: owner.user.id, displayName: 'Prozessverantwortliche' } });
    expect((await owner.get(`/api/v1/processes/${processId}/bpmn`)).body).toContain('id="Drei"');
    const first = await owner.get(`/api/v1/processes/${processId}/bpmn?version=1`);
    expect(first.headers['x-process-version']).toBe('1');
    expect(first.body).not.toContain('id="Zwei"');
    expect((await owner.get(`/api/v1/processes/${processId}/bpmn?version=9`)).statusCode).toBe(404);
  });

  it('refuses a broken new version without touching the current one', async () => {
    const processId = await newProcess(['Bleibt']);
    const page = await createPage(owner, spaceId, 'Bleibt dran');
    await attach(processId, 'Bleibt', page);
    const broken = await uploadVersion(owner, processId, '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="P">');
    expect(broken.statusCode).toBe(422);
    expect(broken.json().type).toBe('urn:stafette:problem:bpmn-not-xml');
    const process = (await owner.get(`/api/v1/processes/${processId}`)).json();
    expect(process.version).toBe(1);
    expect(pageIds(await stepPages(processId, 'Bleibt'))).toEqual([page]);
  });

  it('reports coverage per step: readable, non-archived pages and their newest edit', async () => {
    const processId = await newProcess(['Erfassen', 'Pruefen']);
    const older = await createPage(owner, spaceId, 'Erfassung alt');
    const newer = await createPage(owner, spaceId, 'Erfassung neu');
    const gone = await createPage(owner, spaceId, 'Erfassung archiviert');
    for (const p of [older, newer, gone]) await attach(processId, 'Erfassen', p);
    await t.database.db.updateTable('pages').set({ updated_at: new Date('2024-03-01T10:00:00Z') }).where('id', '=', older).execute();
    await t.database.db.updateTable('pages').set({ updated_at: new Date('2025-06-15T08:30:00Z') }).where('id', '=', newer).execute();
    await owner.post(`/api/v1/pages/${gone}/archive`);
    const res = (await owner.get(`/api/v1/processes/${processId}/coverage`)).json();
    expect(res).toMatchObject({ processId, version: 1, stepCount: 4, coveredCount: 1 });
    expect(res.steps.map((s: { elementId: string; pageCount: number; lastEditedAt: string | null }) => [s.elementId, s.pageCount, s.lastEditedAt])).toEqual([
      ['Start', 0, null],
      ['Erfassen', 2, '2025-06-15T08:30:00.000Z'],
      ['Pruefen', 0, null],
      ['End', 0, null],
    ]);
    // Archived pages stay attached and listed (flagged), they just do not count as coverage.
    expect((await stepPages(processId, 'Erfassen')).find((p: { id: string }) => p.id === gone)).toMatchObject({ archived: true });
  });

  it('archives and restores a process: hidden from the list, read-only meanwhile, audited', async () => {
    const processId = await newProcess(['A']);
    const page = await createPage(owner, spaceId, 'Archivtest');
    const archived = await owner.post(`/api/v1/processes/${processId}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archivedAt).toMatch(/^\d{4}-/);
    expect((await owner.post(`/api/v1/processes/${processId}/archive`)).statusCode).toBe(409);
    const visible = (await owner.get(`/api/v1/processes?spaceId=${spaceId}`)).json().map((p: { id: string }) => p.id);
    expect(visible).not.toContain(processId);
    expect((await owner.get(`/api/v1/processes?spaceId=${spaceId}&includeArchived=true`)).json().map((p: { id: string }) => p.id)).toContain(processId);
    expect((await owner.get(`/api/v1/processes/${processId}`)).json().archivedAt).not.toBeNull();
    expect((await attach(processId, 'A', page)).statusCode).toBe(409);
    expect((await uploadVersion(owner, processId, linearModel({ taskIds: ['B'] }))).statusCode).toBe(409);
    expect((await owner.post(`/api/v1/processes/${processId}/restore`)).json()).toEqual({ id: processId, archivedAt: null });
    expect((await attach(processId, 'A', page)).statusCode).toBe(204);
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', processId).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['process.import', 'process.archive', 'process.restore', 'process.step.attach']);
  });

  it('handles a large reference model as a new version of itself with every attachment kept', async () => {
    const bytes = fixture('miwg-reference/B.2.0.bpmn');
    const created = (await importMultipart(owner, spaceId, 'B.2.0.bpmn', bytes)).json();
    const page = await createPage(owner, spaceId, 'Für alle Schritte');
    for (const step of created.steps.slice(0, 20)) await attach(created.id, step.elementId, page);
    const again = (await uploadVersion(owner, created.id, bytes)).json();
    expect(again).toMatchObject({ version: 2, orphaned: [] });
    const coverage = (await owner.get(`/api/v1/processes/${created.id}/coverage`)).json();
    expect(coverage.coveredCount).toBe(20);
    expect((await owner.get(`/api/v1/pages/${page}/steps`)).json()).toHaveLength(20);
  });
});
