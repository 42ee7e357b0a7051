import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBpmn, type ProcessModel, writeStepLinks, type StepLink } from './index.ts';

const FIXTURES = new URL('../../../tests/fixtures/bpmn/', import.meta.url);
const text = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');

const PAGE_A = '0b6f3c0e-7d1e-4c55-9a53-2f4f0f1f0a01';
const PAGE_B = '0b6f3c0e-7d1e-4c55-9a53-2f4f0f1f0a02';
const link = (pageId: string, title: string): StepLink => ({ pageId, title, href: `https://wiki.example/pages/${pageId}` });

/** What must survive a round trip: ids, names, kinds, lanes, flows, pools. */
function shape(model: ProcessModel) {
  return {
    steps: model.steps.map((s) => [s.elementId, s.kind, s.name, s.lane, s.parentId, s.documentation]),
    flows: model.flows.map((f) => [f.elementId, f.sourceId, f.targetId, f.name]),
    pools: model.pools.map((p) => [p.elementId, p.processId]),
    lanes: model.lanes.map((l) => [l.elementId, l.name]),
  };
}

const diagramElements = (xml: string): string[] => [...xml.matchAll(/<bpmndi:BPMN(?:Shape|Edge)\b[^>]*\bbpmnElement="([^"]*)"/g)].map((m) => m[1]);

describe('step → page links in an exported file', () => {
  it.each([
    ['miwg-reference/A.4.1.bpmn', null],
    ['quirks/invalid-ids.bpmn', ['Äntrag prüfen', '{3F2504E0-4F89}']],
    ['miwg-reference/C.8.0.bpmn', null],
    ['miwg-reference/B.2.0.bpmn', null],
  ])('%s: re-import restores the links and keeps ids, names, flows and the diagram', async (file, chosen) => {
    const original = text(file);
    const before = await importBpmn(original);
    const stepIds = chosen ?? before.steps.filter((s) => /task$/i.test(s.kind)).slice(0, 2).map((s) => s.elementId);
    for (const id of stepIds) expect(before.steps.some((s) => s.elementId === id), id).toBe(true);
    const links = new Map([
      [stepIds[0], [link(PAGE_A, 'Antrag prüfen & "bewerten"'), link(PAGE_B, 'Fristen <Übersicht>')]],
      [stepIds[1], [link(PAGE_B, 'Fristen <Übersicht>')]],
    ]);
    const exported = writeStepLinks(original, links);
    const after = await importBpmn(exported);
    expect(shape(after)).toEqual(shape(before));
    expect(diagramElements(exported)).toEqual(diagramElements(original));
    expect(after.steps.find((s) => s.elementId === stepIds[0])?.pageLinks).toEqual([PAGE_A, PAGE_B]);
    expect(after.steps.find((s) => s.elementId === stepIds[1])?.pageLinks).toEqual([PAGE_B]);
    expect(after.steps.filter((s) => s.pageLinks.length > 0)).toHaveLength(2);
    expect(exported).toContain('Wissen in Stafette:');
    expect(after.warnings).toEqual(before.warnings);

    // Exporting the export again replaces the links instead of repeating them.
    const again = writeStepLinks(exported, new Map([[stepIds[1], [link(PAGE_A, 'Neu')]]]));
    const reimported = await importBpmn(again);
    expect(reimported.steps.filter((s) => s.pageLinks.length > 0).map((s) => [s.elementId, s.pageLinks])).toEqual([[stepIds[1], [PAGE_A]]]);
    expect(again.match(/Wissen in Stafette/g)).toHaveLength(1);
    expect(shape(reimported)).toEqual(shape(before));
  });

  it('writes into an existing extensionElements and after existing documentation', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c="urn:camunda" id="d"><process id="p">
      <task id="t"><documentation>Eigene Doku</documentation><extensionElements><c:prop name="a"/></extensionElements></task>
      <task id="u"/></process></definitions>`;
    const out = writeStepLinks(xml, new Map([['t', [link(PAGE_A, 'A')]], ['u', [link(PAGE_B, 'B')]]]));
    expect(out.match(/<extensionElements>/g)).toHaveLength(2);
    const model = await importBpmn(out);
    expect(model.steps.map((s) => [s.elementId, s.documentation, s.pageLinks])).toEqual([
      ['t', 'Eigene Doku', [PAGE_A]],
      ['u', null, [PAGE_B]],
    ]);
    expect(out).toContain('<c:prop name="a"/>');
  });
});
