import type { DueReview, Landscape, PageStep, StepPeople, VersionCompare } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { addMember, createPage, seedSpace, startWithSpaceOwner } from '../support/seed.ts';
import { fixture, importXml, linearModel, uploadVersion } from '../support/processes.ts';

describe.each(backends)('the process as the map of knowledge on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Bürgeramt', 'Prozessmanagerin')));
  afterAll(() => t?.close());

  async function newProcess(xml: string | Buffer, fileName?: string): Promise<string> {
    const res = await importXml(owner, spaceId, xml, fileName);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const attach = async (processId: string, elementId: string, pageId: string) =>
    expect((await owner.put(`/api/v1/processes/${processId}/steps/${encodeURIComponent(elementId)}/pages/${pageId}`)).statusCode).toBe(204);

  it('imports a quirky file with its warnings and shows them again with the process', async () => {
    const res = await importXml(owner, spaceId, fixture('quirks/foreign-element-outside-extensions.bpmn'), 'hundesteuer.bpmn');
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.steps).toHaveLength(4);
    expect(created.warnings).toEqual([
      expect.objectContaining({ code: 'foreign-element', line: 7, subject: 'signavio:signavioMetaData' }),
      expect.objectContaining({ code: 'foreign-element', line: 9, subject: 'pic:baustein' }),
    ]);
    const stored = (await owner.get(`/api/v1/processes/${created.id}`)).json();
    expect(stored.warnings).toEqual(created.warnings);

    const empty = await importXml(owner, spaceId, fixture('quirks/collaboration-only.bpmn'), 'kreis.bpmn');
    expect(empty.statusCode).toBe(201);
    expect(empty.json()).toMatchObject({ steps: [], warnings: [expect.objectContaining({ code: 'no-process' })] });
    const ids = await importXml(owner, spaceId, fixture('quirks/invalid-ids.bpmn'));
    expect(ids.json().steps.map((s: { elementId: string }) => s.elementId)).toEqual(['10_Start', 'Äntrag prüfen', '{3F2504E0-4F89}']);
  });

  it('sets category and owner; the landscape groups processes by category with coverage, risk, owner and last change', async () => {
    const colleague = await t.userClient({ displayName: 'Kollege Meier' });
    await addMember(t.database.db, spaceId, colleague, 'editor');
    const melde = await newProcess(linearModel({ name: 'Meldebescheinigung', taskIds: ['Drucken', 'Aushaendigen'] }));
    const pass = await newProcess(linearModel({ name: 'Reisepass', taskIds: ['Antrag'] }));
    const page = await createPage(owner, spaceId, 'Drucken der Bescheinigung');
    await attach(melde, 'Drucken', page);
    expect((await owner.patch(`/api/v1/processes/${melde}`, { category: 'Melderecht', ownerId: colleague.user.id })).statusCode).toBe(204);
    expect((await owner.patch(`/api/v1/processes/${pass}`, { category: 'Ausweise' })).statusCode).toBe(204);
    expect((await owner.patch(`/api/v1/processes/${pass}`, { category: '   ' })).statusCode).toBe(400);
    expect((await colleague.patch(`/api/v1/processes/${pass}`, { category: 'X' })).statusCode).toBe(403);

    const map: Landscape = (await owner.get(`/api/v1/processes/landscape?spaceId=${spaceId}`)).json();
    expect(map.categories.map((c) => c.category)).toEqual(['Ausweise', 'Melderecht', null]);
    const card = map.categories[1].processes[0];
    expect(card).toMatchObject({
      id: melde,
      name: 'Meldebescheinigung',
      category: 'Melderecht',
      stepCount: 4,
      coveredCount: 1,
      owner: { id: colleague.user.id, displayName: 'Kollege Meier' },
      updatedBy: { displayName: 'Prozessmanagerin' },
    });
    // One activity without pages (risk 40: medium), one with a fresh page.
    expect(card.risk).toMatchObject({ level: 'medium', maxScore: 40, highCount: 0 });
    expect(map.categories[0].processes[0]).toMatchObject({ id: pass, coveredCount: 0, owner: { displayName: 'Prozessmanagerin' } });
    expect((await owner.get(`/api/v1/processes/${melde}`)).json()).toMatchObject({ category: 'Melderecht', owner: { id: colleague.user.id } });

    const outsider = await t.userClient();
    expect((await outsider.get(`/api/v1/processes/landscape?spaceId=${spaceId}`)).statusCode).toBe(404);
  });

  it('keeps a role (from the lane unless set) and named contacts per step, shown on attached pages', async () => {
    const processId = await newProcess(fixture('quirks/empty-lane.bpmn'));
    const expert = await t.userClient({ displayName: 'Frau Umwelt' });
    await addMember(t.database.db, spaceId, expert, 'reader');
    const initial: StepPeople = (await owner.get(`/api/v1/processes/${processId}/steps/Task_1/people`)).json();
    expect(initial).toEqual({ elementId: 'Task_1', laneName: 'Fachbereich Umwelt', role: 'Fachbereich Umwelt', roleFromLane: true, contacts: [] });

    const set = await owner.put(`/api/v1/processes/${processId}/steps/Task_1/people`, { role: 'Baumschutzbeauftragte', contactIds: [expert.user.id, owner.user.id] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ role: 'Baumschutzbeauftragte', roleFromLane: false, contacts: [{ displayName: 'Frau Umwelt' }, { displayName: 'Prozessmanagerin' }] });

    const page = await createPage(owner, spaceId, 'Baumschutzsatzung');
    await attach(processId, 'Task_1', page);
    const steps: PageStep[] = (await expert.get(`/api/v1/pages/${page}/steps`)).json();
    expect(steps).toEqual([
      expect.objectContaining({ elementId: 'Task_1', role: 'Baumschutzbeauftragte', contacts: [{ id: expert.user.id, displayName: 'Frau Umwelt' }, { id: owner.user.id, displayName: 'Prozessmanagerin' }] }),
    ]);

    // A new version keeps role and contacts on the step (matched by id, like its pages).
    expect((await uploadVersion(owner, processId, fixture('quirks/empty-lane.bpmn'))).statusCode).toBe(201);
    expect((await owner.get(`/api/v1/processes/${processId}/steps/Task_1/people`)).json()).toMatchObject({ role: 'Baumschutzbeauftragte', contacts: [{}, {}] });
    const back = await owner.put(`/api/v1/processes/${processId}/steps/Task_1/people`, { role: null, contactIds: [] });
    expect(back.json()).toMatchObject({ role: 'Fachbereich Umwelt', roleFromLane: true, contacts: [] });
    expect((await expert.put(`/api/v1/processes/${processId}/steps/Task_1/people`, { role: null, contactIds: [] })).statusCode).toBe(403);
    expect((await owner.put(`/api/v1/processes/${processId}/steps/Nope/people`, { role: null, contactIds: [] })).statusCode).toBe(404);
  });

  it('compares two versions: added, removed, renamed and moved steps, and flags pages on removed steps for review', async () => {
    const v1 = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="x">
  <bpmn:process id="P" name="Sperrmüll">
    <bpmn:laneSet id="LS"><bpmn:lane id="L1" name="Service"><bpmn:flowNodeRef>A</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef></bpmn:lane><bpmn:lane id="L2" name="Bauhof"><bpmn:flowNodeRef>C</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:task id="A" name="Termin vergeben"/><bpmn:task id="B" name="Gebühr berechnen"/><bpmn:task id="C" name="Abholen"/><bpmn:task id="D" name="Rechnung"/>
  </bpmn:process>
</bpmn:definitions>`;
    const v2 = v1
      .replace('<bpmn:flowNodeRef>B</bpmn:flowNodeRef></bpmn:lane>', '</bpmn:lane>')
      .replace('<bpmn:flowNodeRef>C</bpmn:flowNodeRef>', '<bpmn:flowNodeRef>C</bpmn:flowNodeRef><bpmn:flowNodeRef>B</bpmn:flowNodeRef>')
      .replace('name="Termin vergeben"', 'name="Termin online vergeben"')
      .replace('<bpmn:task id="D" name="Rechnung"/>', '<bpmn:task id="E" name="Bestätigung senden"/>');
    const processId = await newProcess(v1);
    const page = await createPage(owner, spaceId, 'Rechnungsstellung Sperrmüll');
    await attach(processId, 'D', page);
    // The page has a responsible person (reviews capability): marking it reviewed confirms the review.
    const review = await owner.patch(`/api/v1/pages/${page}/review`, { responsibleId: owner.user.id });
    expect(review.statusCode, review.body).toBeLessThan(300);
    const upload = await uploadVersion(owner, processId, v2);
    expect(upload.statusCode, upload.body).toBe(201);

    const compare: VersionCompare = (await owner.get(`/api/v1/processes/${processId}/compare?from=1&to=2`)).json();
    expect(compare.changes.map((c) => [c.elementId, c.changes])).toEqual([
      ['A', ['renamed']],
      ['B', ['moved']],
      ['E', ['added']],
      ['D', ['removed']],
    ]);
    expect(compare.changes[0]).toMatchObject({ name: 'Termin online vergeben', previousName: 'Termin vergeben' });
    expect(compare.changes[1]).toMatchObject({ laneName: 'Bauhof', previousLaneName: 'Service' });
    expect(compare.changes[3]).toMatchObject({ previousName: 'Rechnung', pageCount: 1 });
    expect(compare.unchangedCount).toBe(1);
    expect(compare.reviewFlags).toEqual([
      expect.objectContaining({ pageId: page, title: 'Rechnungsstellung Sperrmüll', elementId: 'D', version: 2, resolvedAt: null, responsible: { id: owner.user.id, displayName: 'Prozessmanagerin' } }),
    ]);

    expect((await owner.post(`/api/v1/processes/${processId}/steps/D/pages/${page}/review`)).statusCode).toBe(204);
    const after: VersionCompare = (await owner.get(`/api/v1/processes/${processId}/compare?from=1&to=2`)).json();
    expect(after.reviewFlags[0].resolvedAt).not.toBeNull();
    const confirmed = await t.database.db.selectFrom('page_reviews').select(['last_confirmed_by']).where('page_id', '=', page).executeTakeFirstOrThrow();
    expect(confirmed.last_confirmed_by).toBe(owner.user.id);
    expect((await owner.post(`/api/v1/processes/${processId}/steps/D/pages/${page}/review`)).statusCode).toBe(404);
    const missing = await owner.get(`/api/v1/processes/${processId}/compare?from=1&to=9`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().type).toBe('urn:stafette:problem:version-not-found');
  });

  it('lists pages on removed steps among the due reviews of who answers for them until they are confirmed, re-attached or the step returns', async () => {
    const processId = await newProcess(linearModel({ name: 'Wohngeld', taskIds: ['A', 'B', 'C'] }));
    const [pageA, pageB, pageC] = [await createPage(owner, spaceId, 'Antrag A'), await createPage(owner, spaceId, 'Bescheid B'), await createPage(owner, spaceId, 'Akte C')];
    await attach(processId, 'A', pageA);
    await attach(processId, 'B', pageB);
    await attach(processId, 'C', pageC);
    // Page A has a responsible person (not due by its interval); B and C have none: the process owner answers for them.
    expect((await owner.patch(`/api/v1/pages/${pageA}/review`, { responsibleId: owner.user.id })).statusCode).toBe(200);
    const due = async () => {
      const res = await owner.get('/api/v1/reviews/due');
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as DueReview[]).filter((d) => [pageA, pageB, pageC].includes(d.pageId));
    };
    expect(await due()).toEqual([]);

    expect((await uploadVersion(owner, processId, linearModel({ name: 'Wohngeld', taskIds: ['X'] }))).statusCode).toBe(201);
    const listed = await due();
    expect(listed.map((d) => d.title).sort()).toEqual(['Akte C', 'Antrag A', 'Bescheid B']);
    expect(listed.find((d) => d.pageId === pageB)).toMatchObject({
      reasons: ['step-removed'],
      intervalDays: null,
      removedSteps: [{ processId, processName: 'Wohngeld', elementId: 'B', stepName: 'Schritt B', version: 2, flaggedAt: expect.any(String) }],
    });
    expect(listed.find((d) => d.pageId === pageA)).toMatchObject({ reasons: ['step-removed'], intervalDays: 365 });

    // Confirming the page's review, attaching it to a step of the process, the step coming back: each clears it.
    expect((await owner.post(`/api/v1/pages/${pageA}/review/confirm`)).statusCode).toBe(200);
    await attach(processId, 'X', pageB);
    expect((await due()).map((d) => d.title)).toEqual(['Akte C']);
    expect((await uploadVersion(owner, processId, linearModel({ name: 'Wohngeld', taskIds: ['X', 'C'] }))).statusCode).toBe(201);
    expect(await due()).toEqual([]);
    const flags = await t.database.db.selectFrom('process_review_flags').select(['page_id', 'resolved_by']).where('process_id', '=', processId).where('resolved_at', 'is', null).execute();
    expect(flags).toEqual([]);
  });

  it('exports the BPMN with step → page links, and an import of it restores them without loss', async () => {
    const processId = await newProcess(fixture('miwg-reference/A.4.1.bpmn'));
    const process = (await owner.get(`/api/v1/processes/${processId}`)).json();
    const tasks = process.steps.filter((s: { kind: string }) => s.kind === 'task').slice(0, 2).map((s: { elementId: string }) => s.elementId);
    const first = await createPage(owner, spaceId, 'Anleitung & Fristen');
    const second = await createPage(owner, spaceId, 'Zuständigkeiten');
    await attach(processId, tasks[0], first);
    await attach(processId, tasks[0], second);
    await attach(processId, tasks[1], second);

    const exported = await owner.get(`/api/v1/processes/${processId}/export?format=bpmn`);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('application/xml');
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename=.*\.bpmn/);
    expect(exported.body).toContain('urn:stafette:bpmn:links:1');
    expect(exported.body).toContain(`/pages/${first}`);

    const again = await importXml(owner, spaceId, exported.body, 'export.bpmn');
    expect(again.statusCode, again.body).toBe(201);
    const copy = (await owner.get(`/api/v1/processes/${again.json().id}`)).json();
    const pick = (p: typeof process) => ({ steps: p.steps, flows: p.flows, pools: p.pools, lanes: p.lanes });
    expect(pick(copy)).toEqual(pick(process));
    const pagesOf = async (id: string, elementId: string) =>
      (await owner.get(`/api/v1/processes/${id}/steps/${encodeURIComponent(elementId)}/pages`)).json().map((p: { id: string }) => p.id).sort();
    expect(await pagesOf(again.json().id, tasks[0])).toEqual([first, second].sort());
    expect(await pagesOf(again.json().id, tasks[1])).toEqual([second]);
    // The diagram (DI) is carried over unchanged.
    const shapes = (xml: string) => [...xml.matchAll(/bpmnElement="([^"]*)"/g)].map((m) => m[1]);
    const original = (await owner.get(`/api/v1/processes/${processId}/bpmn`)).body;
    expect(shapes(exported.body)).toEqual(shapes(original));

    // A page the exporting person cannot read is not named in the export.
    const colleague = await t.userClient({ displayName: 'Kollegin Bau' });
    await addMember(t.database.db, spaceId, colleague, 'editor');
    const otherSpace = await seedSpace(t.database.db, { name: 'Bauamt intern', owners: [colleague] });
    const hidden = await createPage(colleague, otherSpace, 'Interne Notiz Bauamt');
    expect((await colleague.put(`/api/v1/processes/${processId}/steps/${encodeURIComponent(tasks[1])}/pages/${hidden}`)).statusCode).toBe(204);
    const mine = (await owner.get(`/api/v1/processes/${processId}/export?format=bpmn`)).body;
    expect(mine).not.toContain(hidden);
    expect(mine).not.toContain('Interne Notiz');
    expect((await colleague.get(`/api/v1/processes/${processId}/export?format=bpmn`)).body).toContain(hidden);

    // pdf, docx and odt are the process handbook (print exports); anything else is refused.
    for (const format of ['gif', 'xlsx']) {
      const res = await owner.get(`/api/v1/processes/${processId}/export?format=${format}`);
      expect(res.statusCode).toBe(415);
      expect(res.json().type).toBe('urn:stafette:problem:export-format-unsupported');
    }
  });
});
