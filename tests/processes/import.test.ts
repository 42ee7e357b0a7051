import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBpmn } from '../../packages/bpmn/src/index.ts';
import { backends } from '../support/databases.ts';
import { documentedRoutes } from '../support/openapi.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { startWithSpaceOwner } from '../support/seed.ts';
import { fixture, fixturesIn, importableFixtures, importMultipart, importXml, linearModel, problemType } from '../support/processes.ts';

// Counted by hand from the XML (flow nodes at every nesting level; pools = participants).
const HAND_COUNTED: Record<string, { steps: number; pools: number; lanes: number; flows: number }> = {
  'miwg-reference/A.1.0.bpmn': { steps: 5, pools: 0, lanes: 0, flows: 4 },
  'miwg-reference/A.4.1.bpmn': { steps: 17, pools: 2, lanes: 3, flows: 15 },
  'miwg-reference/B.2.0.bpmn': { steps: 94, pools: 2, lanes: 2, flows: 87 },
  'miwg-reference/C.4.0.bpmn': { steps: 40, pools: 4, lanes: 2, flows: 41 },
  'bpmn-moddle/ad-hoc.bpmn': { steps: 3, pools: 0, lanes: 0, flows: 1 },
  'bpmn-moddle/vendor/signavio-complex-no-extensions.bpmn': { steps: 107, pools: 17, lanes: 9, flows: 133 },
};

function kindCounts(steps: { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of steps) counts[s.kind] = (counts[s.kind] ?? 0) + 1;
  return counts;
}

describe.each(backends)('BPMN import through the API on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Ordnungsamt', 'Prozessverantwortliche')));
  afterAll(() => t?.close());

  it.each(importableFixtures())('imports %s with the steps, pools, lanes and flows the parser finds', async (file) => {
    const bytes = fixture(file);
    const expected = await importBpmn(bytes);
    const res = await importXml(owner, spaceId, bytes, file.split('/').pop());
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.version).toBe(1);
    expect(created.name.length).toBeGreaterThan(0);
    expect(created.steps.map((s: { elementId: string }) => s.elementId)).toEqual(expected.steps.map((s) => s.elementId));
    expect(kindCounts(created.steps)).toEqual(kindCounts(expected.steps));
    // What the lenient import tolerated is in the answer, and stays with the process.
    expect(created.warnings).toEqual(expected.warnings);

    const stored = (await owner.get(`/api/v1/processes/${created.id}`)).json();
    expect(stored.steps).toEqual(created.steps);
    expect(stored.warnings).toEqual(created.warnings);
    expect({ pools: stored.pools.length, lanes: stored.lanes.length, flows: stored.flows.length, dataObjects: stored.dataObjects.length }).toEqual({
      pools: expected.pools.length,
      lanes: expected.lanes.length,
      flows: expected.flows.length,
      dataObjects: expected.dataObjects.length,
    });
    const hand = HAND_COUNTED[file];
    if (hand) expect({ steps: stored.steps.length, pools: stored.pools.length, lanes: stored.lanes.length, flows: stored.flows.length }).toEqual(hand);
  });

  it('covers every reference model (21 MIWG files) and the edge cases', () => {
    expect(fixturesIn('miwg-reference')).toHaveLength(21);
    expect(importableFixtures().length).toBeGreaterThanOrEqual(32);
  });

  it('keeps lanes, sub-process parents, documentation and names in every language on the steps', async () => {
    const lanes = (await importXml(owner, spaceId, fixture('miwg-reference/A.4.1.bpmn'))).json();
    const process = (await owner.get(`/api/v1/processes/${lanes.id}`)).json();
    const laneIds = new Set(process.lanes.map((l: { elementId: string }) => l.elementId));
    const inSub = process.steps.filter((s: { parentId: string | null }) => s.parentId !== null);
    expect(inSub.length).toBeGreaterThan(0);
    for (const step of inSub) expect(process.steps.find((s: { elementId: string }) => s.elementId === step.parentId).kind).toBe('subProcess');
    expect(process.steps.filter((s: { lane: string | null }) => s.lane !== null).every((s: { lane: string }) => laneIds.has(s.lane))).toBe(true);

    const i18n = (await importXml(owner, spaceId, fixture('bpmn-moddle/i18n.bpmn'))).json();
    expect(i18n.steps.find((s: { elementId: string }) => s.elementId === 'StartEvent_1')).toMatchObject({
      names: { de: 'Startereignis' },
      documentation: 'A start event.',
    });
  });

  it('names the process after the process, else the definitions, else the file name, never empty', async () => {
    expect((await importXml(owner, spaceId, fixture('miwg-reference/C.3.0.bpmn'))).json().name).toBe('Fridge Repair Process');
    expect((await importXml(owner, spaceId, fixture('bpmn-moddle/xml-lang.bpmn'))).json().name).toBe('Advertise job vacancy');
    const unnamed = linearModel({ name: null, taskIds: ['A'] });
    expect((await importXml(owner, spaceId, unnamed, 'Gewerbeanmeldung.bpmn')).json().name).toBe('Gewerbeanmeldung');
    expect((await importMultipart(owner, spaceId, 'C:\\Modelle\\Baugenehmigung.bpmn', unnamed)).json().name).toBe('Baugenehmigung');
    const dated = (await importXml(owner, spaceId, unnamed)).json().name;
    expect(dated).toMatch(/^Prozess vom \d{4}-\d{2}-\d{2}$/);
  });

  it('always creates a new process: the same file twice gives two processes', async () => {
    const xml = linearModel({ name: 'Hundesteuer (zweimal importiert)', taskIds: ['Pruefen', 'Festsetzen'] });
    const first = (await importXml(owner, spaceId, xml)).json();
    const second = (await importXml(owner, spaceId, xml)).json();
    expect(second.id).not.toBe(first.id);
    const list = (await owner.get(`/api/v1/processes?spaceId=${spaceId}`)).json();
    expect(list.filter((p: { name: string }) => p.name === 'Hundesteuer (zweimal importiert)')).toHaveLength(2);
    expect(list.find((p: { id: string }) => p.id === first.id)).toMatchObject({ version: 1, stepCount: 4, orphanedCount: 0, archivedAt: null });
  });

  it('accepts a multipart upload and text/xml the same as application/xml', async () => {
    const xml = linearModel({ name: 'Sondernutzung', taskIds: ['T1'] });
    const viaForm = await importMultipart(owner, spaceId, 'sondernutzung.bpmn', xml);
    expect(viaForm.statusCode, viaForm.body).toBe(201);
    expect(viaForm.json().steps).toHaveLength(3);
    const viaText = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, xml, { headers: { 'content-type': 'text/xml; charset=utf-8' } });
    expect(viaText.statusCode).toBe(201);
    const versions = (await owner.get(`/api/v1/processes/${viaForm.json().id}/versions`)).json();
    expect(versions).toEqual([expect.objectContaining({ version: 1, current: true, fileName: 'sondernutzung.bpmn', stepCount: 3 })]);
  });

  it('refuses bodies that are no BPMN upload with 415, and multipart without a file with 400', async () => {
    const json = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, { xml: '<x/>' });
    expect(json.statusCode).toBe(415);
    expect(problemType(json)).toBe('urn:stafette:problem:unsupported-media-type');
    const octets = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, Buffer.from('<x/>'), { headers: { 'content-type': 'application/octet-stream' } });
    expect(octets.statusCode).toBe(415);
    const boundary = 'leer';
    const empty = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhallo\r\n--${boundary}--\r\n`, {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(empty.statusCode).toBe(400);
    expect((await owner.post('/api/v1/processes/import', linearModel({ taskIds: ['A'] }), { headers: { 'content-type': 'application/xml' } })).statusCode).toBe(400);
  });

  it('serves the stored XML; a windows-1252 file comes back as UTF-8 with its umlauts intact', async () => {
    const original = fixture('miwg-reference/C.1.0.bpmn');
    const created = (await importXml(owner, spaceId, original)).json();
    const res = await owner.get(`/api/v1/processes/${created.id}/bpmn`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body).toBe(original.toString('utf8').replace(/^\uFEFF/, ''));

    const latin = linearModel({ name: 'Prüfung der Unterlagen – Gebühr', taskIds: ['Pruefen'] }).replace('encoding="UTF-8"', 'encoding="windows-1252"');
    const bytes = Buffer.from(latin.replace('–', '\u0096'), 'latin1');
    const imported = await importXml(owner, spaceId, bytes);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().name).toBe('Prüfung der Unterlagen – Gebühr');
    const xml = (await owner.get(`/api/v1/processes/${imported.json().id}/bpmn`)).body;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('name="Prüfung der Unterlagen – Gebühr"');
    // What we serve imports again to the same model.
    expect((await importXml(owner, spaceId, xml)).json().steps).toEqual(imported.json().steps);
  });

  it('imports empty definitions with no steps and a file without diagram interchange', async () => {
    const empty = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"/>`;
    const res = await importXml(owner, spaceId, empty, 'leer.bpmn');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'leer', steps: [] });
    expect((await importXml(owner, spaceId, fixture('bpmn-moddle/local-ns-no-di.bpmn'))).json().steps).toHaveLength(2);
  });

  it('answers 404 for processes that do not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [`/api/v1/processes/${missing}`, `/api/v1/processes/${missing}/bpmn`, `/api/v1/processes/${missing}/versions`, `/api/v1/processes/${missing}/coverage`]) {
      const res = await owner.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await importXml(owner, missing, linearModel({ taskIds: ['A'] }))).statusCode).toBe(404);
  });

  it('records every import in the audit log without the file content', async () => {
    const res = await importXml(owner, spaceId, linearModel({ name: 'Audit-Prozess', taskIds: ['A'] }), 'audit.bpmn');
    const row = await t.database.db.selectFrom('audit_log').selectAll().where('target_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: 'process.import', target_type: 'process' });
    expect(row.detail).toMatchObject({ spaceId, name: 'Audit-Prozess', fileName: 'audit.bpmn', steps: 3 });
    expect(JSON.stringify(row.detail)).not.toContain('<bpmn');
  });
  it('describes every processes route in the OpenAPI document under "processes" (publishing has its own tag)', async () => {
    const routes = (await documentedRoutes(t.app)).filter(
      (r) => (r.url.startsWith('/api/v1/processes') && !r.url.endsWith('/publish')) || r.url === '/api/v1/pages/:id/steps',
    );
    const imports = routes.find((r) => r.method === 'POST' && r.url === '/api/v1/processes/import');
    expect(Object.keys(imports?.operation?.requestBody?.content ?? {}).sort()).toEqual(['application/xml', 'multipart/form-data', 'text/xml']);
    for (const { method, url, operation } of routes) {
      expect(operation?.tags, `${method} ${url}`).toEqual(['processes']);
      expect(operation?.summary?.length, `${method} ${url}`).toBeGreaterThan(10);
    }
  });
});
