import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createTestApp } from '../support/test-app.ts';
import { fixture, importXml } from '../support/processes.ts';
import { docxHtml, readPdf, text, unzip } from './read-exports.ts';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** A process whose elements are written in the file in another order than they run. */
const shuffled = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="Defs" targetNamespace="http://example.org/stafette">
  <bpmn:process id="P" name="Sondernutzung erteilen" isExecutable="false">
    <bpmn:laneSet id="LS"><bpmn:lane id="Lane_SB" name="Sachbearbeitung"><bpmn:flowNodeRef>Bescheid</bpmn:flowNodeRef><bpmn:flowNodeRef>Pruefen</bpmn:flowNodeRef><bpmn:flowNodeRef>Eingang</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:userTask id="Bescheid" name="Bescheid schreiben"/>
    <bpmn:endEvent id="Ende" name="Bescheid versandt"/>
    <bpmn:userTask id="Pruefen" name="Antrag prüfen"/>
    <bpmn:startEvent id="Start" name="Antrag eingegangen"/>
    <bpmn:userTask id="Eingang" name="Eingang erfassen"/>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Eingang"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Eingang" targetRef="Pruefen"/>
    <bpmn:sequenceFlow id="F3" sourceRef="Pruefen" targetRef="Bescheid"/>
    <bpmn:sequenceFlow id="F4" sourceRef="Bescheid" targetRef="Ende"/>
  </bpmn:process>
</bpmn:definitions>
`;

// The process handbook: diagram, then the steps in flow order with their pages.
describe.each(backends)('process handbook on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.userClient();
    spaceId = await seedSpace(t.database.db, { name: 'Ordnungsamt', owners: [owner] });
    processId = (await importXml(owner, spaceId, shuffled)).json().id;
    const attach = async (elementId: string, title: string, markdown: string) => {
      const pageId = await importMarkdown(owner, spaceId, title, markdown);
      expect((await owner.put(`/api/v1/processes/${processId}/steps/${elementId}/pages/${pageId}`)).statusCode).toBe(204);
      return pageId;
    };
    await attach('Bescheid', 'Bescheidvorlage', '## Vorlage\n\nMit Rechtsbehelfsbelehrung.\n');
    await attach('Eingang', 'Posteingang', 'Stempel mit Datum.\n');
    await attach('Pruefen', 'Prüfliste', '| Punkt | Ok |\n| --- | --- |\n| Lageplan | ja |\n');
  }, 60_000);
  afterAll(() => t?.close());

  it('lists the steps in flow order, each with its pages, in DOCX and ODT', async () => {
    const res = await owner.get(`/api/v1/processes/${processId}/export?format=docx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain('.docx');
    const html = await docxHtml(res.rawPayload);
    const order = ['Antrag eingegangen', 'Eingang erfassen', 'Posteingang', 'Antrag prüfen', 'Prüfliste', 'Bescheid schreiben', 'Bescheidvorlage', 'Bescheid versandt'];
    const headings = [...html.matchAll(/<h[12]>(?:<a id="[^"]*"><\/a>)?([^<]+)<\/h[12]>/g)].map((m) => m[1]).filter((h) => h !== 'Inhalt');
    expect(headings).toEqual(order);
    expect(html).toContain('Bahn: Sachbearbeitung');
    expect(html).toContain('Mit Rechtsbehelfsbelehrung.');

    const odt = await owner.get(`/api/v1/processes/${processId}/export?format=odt`);
    expect(odt.statusCode).toBe(200);
    const content = text(unzip(odt.rawPayload), 'content.xml');
    const odtHeadings = [...content.matchAll(/<text:h [^>]*text:outline-level="[12]">(?:<text:bookmark [^>]*\/>)?([^<]+)<\/text:h>/g)].map((m) => m[1]);
    expect(odtHeadings).toEqual(order);
    expect(text(unzip(odt.rawPayload), 'styles.xml')).toContain('Klassifizierung: Intern');
  }, 120_000);

  it('prints the handbook of a drawn process as PDF with the diagram before the steps', async () => {
    const drawn = (await importXml(owner, spaceId, fixture('miwg-reference/C.1.0.bpmn'))).json().id;
    const res = await owner.get(`/api/v1/processes/${drawn}/export?format=pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.texts[0]).toContain('Prozesshandbuch');
    expect(pdf.texts[0]).toContain('Klassifizierung: Intern');
    // The diagram is drawn as vector graphics with its labels as text.
    expect(pdf.texts.join(' ')).toContain('Scan Invoice');
    expect(pdf.fonts.filter((f) => !f.embedded)).toEqual([]);

    const unknown = await owner.get(`/api/v1/processes/${drawn}/export?format=rtf`);
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json().type).toBe('urn:stafette:problem:export-format-unsupported');
  }, 120_000);
});
