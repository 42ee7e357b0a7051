import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBpmn, type ImportWarningCode } from './index.ts';

const QUIRKS = new URL('../../../tests/fixtures/bpmn/quirks/', import.meta.url);
const read = (file: string): string => readFileSync(new URL(file, QUIRKS), 'utf8');

const FLOW_NODES =
  'task|userTask|serviceTask|sendTask|receiveTask|manualTask|businessRuleTask|scriptTask|callActivity|subProcess|transaction|adHocSubProcess|' +
  'startEvent|endEvent|intermediateCatchEvent|intermediateThrowEvent|boundaryEvent|exclusiveGateway|inclusiveGateway|parallelGateway|complexGateway|eventBasedGateway';

/** Counts flow-node start tags in the text, independently of the parser (the quirk files use the `bpmn:` prefix). */
function countFlowNodes(xml: string): number {
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  return withoutComments.match(new RegExp(`<bpmn:(?:${FLOW_NODES})[\\s/>]`, 'g'))?.length ?? 0;
}

// One quirk per file; the codes each must produce (and no others).
const EXPECTED: Record<string, ImportWarningCode[]> = {
  'invalid-ids.bpmn': ['invalid-id'],
  'unknown-bpmn-element.bpmn': ['unknown-element'],
  'foreign-element-outside-extensions.bpmn': ['foreign-element'],
  'no-namespace-element.bpmn': ['foreign-element'],
  'undeclared-prefix-attribute.bpmn': ['unknown-attribute'],
  'unknown-bpmn-attribute.bpmn': ['unknown-attribute'],
  'participant-missing-process.bpmn': ['missing-process'],
  'shared-process.bpmn': ['shared-process'],
  'empty-lane.bpmn': ['empty-lane'],
  'flow-pointing-nowhere.bpmn': ['unconnected-flow'],
  'duplicate-ids.bpmn': ['duplicate-id'],
  'missing-id.bpmn': ['missing-id'],
  'misplaced-element.bpmn': ['skipped-content'],
  'empty-definitions.bpmn': ['no-process'],
  'collaboration-only.bpmn': ['no-process'],
  'task-inside-task.bpmn': ['lifted-element'],
  'flow-node-in-lane.bpmn': ['lifted-element'],
  'flow-node-in-extension-elements.bpmn': ['lifted-element'],
  'flow-node-in-unknown-wrapper.bpmn': ['foreign-element', 'lifted-element'],
  'subprocess-outside-process.bpmn': ['lifted-element'],
  'steps-in-pool.bpmn': ['lifted-element'],
};

describe('quirk files a modelling tool may write import with warnings', () => {
  it('has an expectation for every quirk file', () => {
    expect(readdirSync(QUIRKS).filter((f) => f.endsWith('.bpmn')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (file, codes) => {
    const xml = read(file);
    const model = await importBpmn(Buffer.from(xml));
    expect(model.steps).toHaveLength(countFlowNodes(xml));
    expect([...new Set(model.warnings.map((w) => w.code))]).toEqual(codes);
    const lines = xml.split('\n').length;
    for (const warning of model.warnings) {
      if (warning.code !== 'no-process') expect(warning.line, warning.message).toBeGreaterThan(1);
      if (warning.line !== null) expect(warning.line).toBeLessThanOrEqual(lines);
    }
    expect(new Set(model.steps.map((s) => s.elementId)).size).toBe(model.steps.length);
  });

  it('keeps ids that are not XML names as written, in steps, lanes and flows', async () => {
    const model = await importBpmn(Buffer.from(read('invalid-ids.bpmn')));
    expect(model.processes.map((p) => p.elementId)).toEqual(['1_Prozess']);
    expect(model.steps.map((s) => [s.elementId, s.lane])).toEqual([
      ['10_Start', '3 Sachbearbeitung'],
      ['Äntrag prüfen', '3 Sachbearbeitung'],
      ['{3F2504E0-4F89}', '3 Sachbearbeitung'],
    ]);
    expect(model.flows.map((f) => [f.elementId, f.sourceId, f.targetId])).toEqual([
      ['20 Fluss', '10_Start', 'Äntrag prüfen'],
      ['21 Fluss', 'Äntrag prüfen', '{3F2504E0-4F89}'],
    ]);
    expect(model.warnings.find((w) => w.subject === 'Äntrag prüfen')).toMatchObject({ code: 'invalid-id', line: 13 });
  });

  it('keeps the children of skipped elements and says which line was skipped', async () => {
    const model = await importBpmn(Buffer.from(read('foreign-element-outside-extensions.bpmn')));
    expect(model.steps.map((s) => s.elementId)).toEqual(['Start', 'Task_1', 'Task_2', 'End']);
    expect(model.flows.every((f) => f.sourceId !== null && f.targetId !== null)).toBe(true);
    expect(model.warnings.map((w) => [w.code, w.line, w.subject])).toEqual([
      ['foreign-element', 7, 'signavio:signavioMetaData'],
      ['foreign-element', 9, 'pic:baustein'],
    ]);
  });

  it('imports the consistent part of duplicate ids and flows that point nowhere', async () => {
    const duplicates = await importBpmn(Buffer.from(read('duplicate-ids.bpmn')));
    expect(duplicates.steps.map((s) => [s.elementId, s.name])).toEqual([
      ['Start', null],
      ['Task_1', 'Antrag prüfen'],
      ['Task_1_2', 'Antrag prüfen (Kopie)'],
    ]);
    expect(duplicates.flows[0]).toMatchObject({ sourceId: 'Start', targetId: 'Task_1' });

    const nowhere = await importBpmn(Buffer.from(read('flow-pointing-nowhere.bpmn')));
    expect(nowhere.flows.map((f) => [f.elementId, f.targetId])).toEqual([
      ['F1', 'Task_1'],
      ['F2', null],
      ['F3', 'Lane_1'],
    ]);
    expect(nowhere.warnings.map((w) => [w.subject, w.line])).toEqual([
      ['F2', 9],
      ['F3', 10],
    ]);
  });

  it('keeps XHTML inside documentation as text without warnings', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:h="http://www.w3.org/1999/xhtml" id="d">
      <process id="p"><task id="t"><documentation><h:p>Bitte <h:b>Frist</h:b> beachten</h:p></documentation></task></process></definitions>`;
    const model = await importBpmn(Buffer.from(xml));
    expect(model.steps[0].documentation?.replace(/\s+/g, ' ').trim()).toBe('Bitte Frist beachten');
    expect(model.warnings).toEqual([]);
  });

  it('keeps at most 200 warnings and counts the rest', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:v="urn:v" id="d"><process id="p">${'<v:x/>'.repeat(250)}<task id="t"/></process></definitions>`;
    const model = await importBpmn(Buffer.from(xml));
    expect(model.steps).toHaveLength(1);
    expect(model.warnings).toHaveLength(201);
    expect(model.warnings[200]).toMatchObject({ code: 'more-warnings', message: '50 more warnings were not kept.' });
  });

  it('moves steps nested where BPMN does not allow them into their process or sub-process, keeping their lanes', async () => {
    const nested = await importBpmn(Buffer.from(read('task-inside-task.bpmn')));
    expect(nested.steps.map((s) => [s.elementId, s.processId, s.parentId])).toEqual([
      ['Start', 'Process_1', null],
      ['Task_1', 'Process_1', null],
      ['End', 'Process_1', null],
      ['Task_1a', 'Process_1', null],
      ['Timer_1', 'Process_1', null],
    ]);
    // The moved step keeps its text, line breaks included; its host keeps what followed it.
    expect(nested.steps[3]).toMatchObject({ name: 'Unterlagen\nvollständig?', documentation: 'Liste der Unterlagen\nsiehe Merkblatt' });
    expect(nested.steps[4]).toMatchObject({ attachedToId: 'Task_1', eventDefinitions: ['timer'] });
    expect(nested.flows.map((f) => [f.sourceId, f.targetId])).toEqual([
      ['Start', 'Task_1'],
      ['Task_1', 'End'],
    ]);
    expect(nested.warnings.map((w) => [w.line, w.subject])).toEqual([
      [8, 'Task_1a'],
      [13, 'Timer_1'],
    ]);

    const inLane = await importBpmn(Buffer.from(read('flow-node-in-lane.bpmn')));
    expect(inLane.steps.map((s) => [s.elementId, s.lane])).toEqual([
      ['Start', 'Lane_1'],
      ['Task_1', 'Lane_1'],
      ['Task_2', 'Lane_2'],
      ['End', 'Lane_2'],
    ]);
    expect(inLane.warnings.every((w) => w.message.includes('stays in its lane'))).toBe(true);

    const inExtensions = await importBpmn(Buffer.from(read('flow-node-in-extension-elements.bpmn')));
    expect(inExtensions.steps.filter((s) => s.parentId === 'Sub_1').map((s) => s.elementId)).toEqual(['Task_1', 'Task_2']);
  });

  it('moves steps written outside any process into the process before them, or a new one for their pool', async () => {
    const outside = await importBpmn(Buffer.from(read('subprocess-outside-process.bpmn')));
    expect(outside.steps.map((s) => [s.elementId, s.parentId])).toEqual([
      ['Start', null],
      ['End', null],
      ['Sub_1', null],
      ['Sub_Start', 'Sub_1'],
      ['Sub_Task', 'Sub_1'],
      ['Sub_End', 'Sub_1'],
    ]);
    expect(outside.flows.every((f) => f.sourceId !== null && f.targetId !== null)).toBe(true);

    const pool = await importBpmn(Buffer.from(read('steps-in-pool.bpmn')));
    expect(pool.processes.map((p) => p.elementId)).toEqual(['Process_1']);
    expect(pool.steps.map((s) => [s.elementId, s.poolId])).toEqual([
      ['Start', 'Pool_1'],
      ['Task_1', 'Pool_1'],
    ]);
    expect(pool.warnings.map((w) => w.code)).not.toContain('missing-process');
  });

  it('keeps the line numbers of everything after a moved element', async () => {
    const xml = [
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:v="urn:v" id="d">',
      '<bpmn:process id="p1">',
      '<bpmn:task id="outer">',
      '<v:group xmlns:x="urn:x"><bpmn:task id="inner" x:note="a"><bpmn:documentation><![CDATA[eins',
      'zwei]]></bpmn:documentation>',
      '<!-- ein',
      'Kommentar --></bpmn:task></v:group>',
      '</bpmn:task>',
      '</bpmn:process>',
      '<bpmn:process id="p2">',
      'Notiz',
      '<bpmn:task id="later"/>',
      '</bpmn:process>',
      '</bpmn:definitions>',
    ].join('\n');
    const model = await importBpmn(Buffer.from(xml));
    expect(model.steps.map((s) => s.elementId)).toEqual(['outer', 'inner', 'later']);
    expect(model.steps[1].documentation).toBe('eins\nzwei');
    expect(model.warnings.map((w) => [w.code, w.line])).toEqual([
      ['foreign-element', 4],
      ['lifted-element', 4],
      // The parser reports stray text where it ends, as it does without a moved element.
      ['skipped-content', 12],
    ]);
  });
});
