import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBpmn, type ProcessModel } from './index.ts';

const FIXTURES = new URL('../../../tests/fixtures/bpmn/', import.meta.url);
const fixture = (path: string): Buffer => readFileSync(new URL(path, FIXTURES));

interface Expected {
  pools: number;
  lanes: number;
  steps: number;
  sequenceFlows: number;
  messageFlows: number;
  dataObjects: number;
  kinds: Record<string, number>;
}

// Counted from the raw XML with Python's ElementTree (BPMN-namespace tags: flow nodes, lanes,
// collaboration participants, flows, data objects/stores and their references), not with this parser.
const REFERENCE: [string, Expected][] = [
  ['bpmn-moddle/ad-hoc.bpmn', { pools: 0, lanes: 0, steps: 3, sequenceFlows: 1, messageFlows: 0, dataObjects: 0, kinds: { adHocSubProcess: 1, task: 2 } }],
  ['bpmn-moddle/choreography-task.bpmn', { pools: 0, lanes: 0, steps: 3, sequenceFlows: 2, messageFlows: 1, dataObjects: 0, kinds: { choreographyTask: 1, endEvent: 1, startEvent: 1 } }],
  ['bpmn-moddle/documentation.bpmn', { pools: 0, lanes: 0, steps: 1, sequenceFlows: 0, messageFlows: 0, dataObjects: 0, kinds: { subProcess: 1 } }],
  ['bpmn-moddle/i18n.bpmn', { pools: 0, lanes: 0, steps: 3, sequenceFlows: 2, messageFlows: 0, dataObjects: 0, kinds: { endEvent: 1, startEvent: 1, task: 1 } }],
  ['bpmn-moddle/local-ns-no-di.bpmn', { pools: 0, lanes: 0, steps: 2, sequenceFlows: 1, messageFlows: 0, dataObjects: 0, kinds: { startEvent: 1, task: 1 } }],
  ['bpmn-moddle/nested-no-namespace-prefix.bpmn', { pools: 0, lanes: 0, steps: 0, sequenceFlows: 0, messageFlows: 0, dataObjects: 0, kinds: {  } }],
  ['bpmn-moddle/vendor/bizagi-nested-ns-definition.bpmn', { pools: 2, lanes: 0, steps: 3, sequenceFlows: 2, messageFlows: 0, dataObjects: 0, kinds: { endEvent: 1, startEvent: 1, task: 1 } }],
  ['bpmn-moddle/vendor/case-agile-local-ns-declaration.bpmn', { pools: 1, lanes: 2, steps: 11, sequenceFlows: 12, messageFlows: 0, dataObjects: 6, kinds: { businessRuleTask: 1, endEvent: 1, exclusiveGateway: 1, parallelGateway: 2, serviceTask: 2, startEvent: 1, userTask: 3 } }],
  ['bpmn-moddle/vendor/signavio-complex-no-extensions.bpmn', { pools: 17, lanes: 9, steps: 107, sequenceFlows: 104, messageFlows: 29, dataObjects: 5, kinds: { businessRuleTask: 1, endEvent: 22, eventBasedGateway: 3, exclusiveGateway: 17, intermediateCatchEvent: 8, parallelGateway: 3, startEvent: 10, subProcess: 1, task: 42 } }],
  ['bpmn-moddle/vendor/yaoqiang-event-definitions.bpmn', { pools: 0, lanes: 0, steps: 13, sequenceFlows: 12, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 1, endEvent: 2, exclusiveGateway: 1, intermediateThrowEvent: 1, parallelGateway: 2, scriptTask: 1, sendTask: 1, serviceTask: 1, startEvent: 2, userTask: 1 } }],
  ['bpmn-moddle/xml-lang.bpmn', { pools: 0, lanes: 0, steps: 0, sequenceFlows: 0, messageFlows: 0, dataObjects: 0, kinds: {  } }],
  ['miwg-reference/A.1.0.bpmn', { pools: 0, lanes: 0, steps: 5, sequenceFlows: 4, messageFlows: 0, dataObjects: 0, kinds: { endEvent: 1, startEvent: 1, task: 3 } }],
  ['miwg-reference/A.2.0.bpmn', { pools: 0, lanes: 0, steps: 8, sequenceFlows: 9, messageFlows: 0, dataObjects: 0, kinds: { endEvent: 1, exclusiveGateway: 2, startEvent: 1, task: 4 } }],
  ['miwg-reference/A.2.1.bpmn', { pools: 0, lanes: 0, steps: 8, sequenceFlows: 11, messageFlows: 0, dataObjects: 0, kinds: { endEvent: 1, exclusiveGateway: 2, startEvent: 1, task: 4 } }],
  ['miwg-reference/A.3.0.bpmn', { pools: 0, lanes: 0, steps: 10, sequenceFlows: 8, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 2, endEvent: 2, startEvent: 1, subProcess: 1, task: 4 } }],
  ['miwg-reference/A.4.0.bpmn', { pools: 1, lanes: 2, steps: 17, sequenceFlows: 13, messageFlows: 2, dataObjects: 0, kinds: { endEvent: 5, startEvent: 4, subProcess: 2, task: 6 } }],
  ['miwg-reference/A.4.1.bpmn', { pools: 2, lanes: 3, steps: 17, sequenceFlows: 13, messageFlows: 2, dataObjects: 0, kinds: { endEvent: 5, startEvent: 4, subProcess: 2, task: 6 } }],
  ['miwg-reference/B.1.0.bpmn', { pools: 2, lanes: 2, steps: 29, sequenceFlows: 26, messageFlows: 2, dataObjects: 4, kinds: { callActivity: 3, endEvent: 6, exclusiveGateway: 4, parallelGateway: 1, serviceTask: 2, startEvent: 5, subProcess: 2, task: 4, userTask: 2 } }],
  ['miwg-reference/B.2.0.bpmn', { pools: 2, lanes: 2, steps: 94, sequenceFlows: 85, messageFlows: 2, dataObjects: 4, kinds: { boundaryEvent: 11, callActivity: 3, endEvent: 14, eventBasedGateway: 1, exclusiveGateway: 2, inclusiveGateway: 2, intermediateCatchEvent: 6, intermediateThrowEvent: 5, parallelGateway: 3, receiveTask: 1, sendTask: 1, serviceTask: 4, startEvent: 9, subProcess: 5, task: 22, userTask: 5 } }],
  ['miwg-reference/C.1.0.bpmn', { pools: 2, lanes: 4, steps: 21, sequenceFlows: 20, messageFlows: 5, dataObjects: 0, kinds: { endEvent: 4, eventBasedGateway: 1, exclusiveGateway: 2, intermediateCatchEvent: 3, serviceTask: 1, startEvent: 2, task: 4, userTask: 4 } }],
  ['miwg-reference/C.1.1.bpmn', { pools: 0, lanes: 0, steps: 10, sequenceFlows: 10, messageFlows: 0, dataObjects: 7, kinds: { endEvent: 2, exclusiveGateway: 2, serviceTask: 1, startEvent: 1, userTask: 4 } }],
  ['miwg-reference/C.2.0.bpmn', { pools: 4, lanes: 2, steps: 29, sequenceFlows: 25, messageFlows: 5, dataObjects: 0, kinds: { boundaryEvent: 1, endEvent: 7, exclusiveGateway: 3, intermediateThrowEvent: 1, startEvent: 5, subProcess: 1, task: 11 } }],
  ['miwg-reference/C.3.0.bpmn', { pools: 0, lanes: 0, steps: 14, sequenceFlows: 15, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 2, endEvent: 3, exclusiveGateway: 3, startEvent: 1, subProcess: 1, userTask: 4 } }],
  ['miwg-reference/C.4.0.bpmn', { pools: 4, lanes: 2, steps: 40, sequenceFlows: 41, messageFlows: 0, dataObjects: 9, kinds: { endEvent: 4, exclusiveGateway: 2, intermediateCatchEvent: 3, intermediateThrowEvent: 1, manualTask: 3, parallelGateway: 4, serviceTask: 1, startEvent: 4, userTask: 18 } }],
  ['miwg-reference/C.5.0.bpmn', { pools: 1, lanes: 3, steps: 37, sequenceFlows: 40, messageFlows: 0, dataObjects: 13, kinds: { callActivity: 1, endEvent: 4, exclusiveGateway: 10, parallelGateway: 2, startEvent: 2, task: 1, userTask: 17 } }],
  ['miwg-reference/C.6.0.bpmn', { pools: 0, lanes: 0, steps: 40, sequenceFlows: 32, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 5, endEvent: 7, eventBasedGateway: 1, intermediateCatchEvent: 3, intermediateThrowEvent: 3, parallelGateway: 4, sendTask: 6, serviceTask: 6, startEvent: 3, subProcess: 2 } }],
  ['miwg-reference/C.7.0.bpmn', { pools: 1, lanes: 2, steps: 11, sequenceFlows: 12, messageFlows: 0, dataObjects: 6, kinds: { businessRuleTask: 1, endEvent: 1, exclusiveGateway: 1, parallelGateway: 2, serviceTask: 2, startEvent: 1, userTask: 3 } }],
  ['miwg-reference/C.8.0.bpmn', { pools: 0, lanes: 0, steps: 18, sequenceFlows: 16, messageFlows: 0, dataObjects: 2, kinds: { boundaryEvent: 1, businessRuleTask: 1, endEvent: 5, exclusiveGateway: 2, sendTask: 4, serviceTask: 3, startEvent: 1, userTask: 1 } }],
  ['miwg-reference/C.8.1.bpmn', { pools: 1, lanes: 0, steps: 18, sequenceFlows: 16, messageFlows: 0, dataObjects: 5, kinds: { boundaryEvent: 1, businessRuleTask: 1, endEvent: 5, exclusiveGateway: 2, sendTask: 4, serviceTask: 3, startEvent: 1, userTask: 1 } }],
  ['miwg-reference/C.9.0.bpmn', { pools: 1, lanes: 0, steps: 25, sequenceFlows: 21, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 1, businessRuleTask: 1, callActivity: 1, endEvent: 6, exclusiveGateway: 2, parallelGateway: 1, sendTask: 1, serviceTask: 6, startEvent: 3, subProcess: 2, userTask: 1 } }],
  ['miwg-reference/C.9.1.bpmn', { pools: 1, lanes: 0, steps: 10, sequenceFlows: 7, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 2, endEvent: 3, receiveTask: 1, sendTask: 2, startEvent: 1, userTask: 1 } }],
  ['miwg-reference/C.9.2.bpmn', { pools: 1, lanes: 0, steps: 20, sequenceFlows: 12, messageFlows: 0, dataObjects: 0, kinds: { boundaryEvent: 1, callActivity: 1, endEvent: 6, exclusiveGateway: 1, sendTask: 1, startEvent: 4, subProcess: 3, userTask: 3 } }],
];

function kindCounts(model: ProcessModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const step of model.steps) counts[step.kind] = (counts[step.kind] ?? 0) + 1;
  return counts;
}

describe('reference models import with the right counts', () => {
  it.each(REFERENCE)('%s', async (path, expected) => {
    const model = await importBpmn(fixture(path));
    expect({
      pools: model.pools.length,
      lanes: model.lanes.length,
      steps: model.steps.length,
      sequenceFlows: model.flows.filter((f) => f.kind === 'sequenceFlow').length,
      messageFlows: model.flows.filter((f) => f.kind === 'messageFlow').length,
      dataObjects: model.dataObjects.length,
      kinds: kindCounts(model),
    }).toEqual(expected);
    // The element id is the step's identity: it must be unique.
    expect(new Set(model.steps.map((s) => s.elementId)).size).toBe(model.steps.length);
  });
});

describe('model details', () => {
  it('names the model after the process, else the definitions, else null', async () => {
    expect((await importBpmn(fixture('miwg-reference/C.3.0.bpmn'))).name).toBe('Fridge Repair Process');
    expect((await importBpmn(fixture('bpmn-moddle/xml-lang.bpmn'))).name).toBe('Advertise job vacancy');
    expect((await importBpmn(fixture('bpmn-moddle/ad-hoc.bpmn'))).name).toBeNull();
  });

  it('reads names in every xml:lang variant', async () => {
    const model = await importBpmn(fixture('miwg-reference/C.8.0.bpmn'));
    expect(model.language).toBe('en');
    const process = model.processes.find((p) => p.elementId === 'VacationRequestProcess');
    expect(process?.names).toMatchObject({ en: 'Vacation Request - (i18n)', de: 'Urlaubsantrag - (i18n)' });
    expect(Object.keys(process?.names ?? {}).length).toBeGreaterThanOrEqual(3);

    const i18n = await importBpmn(fixture('bpmn-moddle/i18n.bpmn'));
    const start = i18n.steps.find((s) => s.elementId === 'StartEvent_1');
    expect(start).toMatchObject({
      name: null,
      names: { de: 'Startereignis' },
      documentation: 'A start event.',
      documentations: { en: 'A start event.', de: 'Ein Startereignis.' },
    });
    expect(i18n.steps.find((s) => s.elementId === 'Event_1kw5c3l')?.names).toEqual({ en: 'Ended' });

    const lang = await importBpmn(fixture('bpmn-moddle/xml-lang.bpmn'));
    expect(lang.collaborations).toEqual([
      expect.objectContaining({ kind: 'collaboration', names: { de: 'Advertise job vacancy', en: 'Advertise job vacancy' } }),
    ]);
  });

  it('keeps documentation, including HTML in CDATA, as text', async () => {
    const model = await importBpmn(fixture('bpmn-moddle/documentation.bpmn'));
    expect(model.processes[0].documentation).toBe('THIS IS A PROCESS');
    expect(model.steps).toEqual([expect.objectContaining({ elementId: 'SubProcess_1', kind: 'subProcess', documentation: '<h1>THIS IS HTML</h1>' })]);
  });

  it('links steps to lanes, pools and enclosing sub-processes', async () => {
    const model = await importBpmn(fixture('miwg-reference/A.4.1.bpmn'));
    const byId = new Map(model.steps.map((s) => [s.elementId, s]));
    for (const step of model.steps) {
      if (step.parentId !== null) expect(byId.get(step.parentId)?.kind).toBe('subProcess');
      if (step.lane !== null) expect(model.lanes.map((l) => l.elementId)).toContain(step.lane);
    }
    expect(model.steps.filter((s) => s.parentId !== null).length).toBeGreaterThan(0);
    expect(model.steps.every((s) => s.poolId !== null)).toBe(true);
  });

  it('resolves flows to their source and target steps', async () => {
    const model = await importBpmn(fixture('bpmn-moddle/ad-hoc.bpmn'));
    expect(model.flows).toEqual([
      { elementId: 'FLOW', kind: 'sequenceFlow', name: null, names: {}, sourceId: 'TASK_1', targetId: 'TASK_2', containerId: 'Process_1', parentId: 'AdHoc' },
    ]);
    expect(model.steps.map((s) => [s.elementId, s.kind, s.parentId])).toEqual([
      ['AdHoc', 'adHocSubProcess', null],
      ['TASK_1', 'task', 'AdHoc'],
      ['TASK_2', 'task', 'AdHoc'],
    ]);
  });

  it('reads choreographies: tasks are steps, participants are not pools', async () => {
    const model = await importBpmn(fixture('bpmn-moddle/choreography-task.bpmn'));
    expect(model.collaborations).toEqual([expect.objectContaining({ elementId: 'Choreography_1', kind: 'choreography' })]);
    expect(model.steps.find((s) => s.kind === 'choreographyTask')).toMatchObject({ elementId: 'ChoreographyTask_1', processId: 'Choreography_1' });
    expect(model.pools).toEqual([]);
  });

  it('keeps unresolved references as warnings that carry no file text beyond the id', async () => {
    const model = await importBpmn(fixture('miwg-reference/C.8.1.bpmn'));
    expect(model.warnings).toHaveLength(3);
    for (const warning of model.warnings) {
      expect(warning).toMatchObject({ code: 'unresolved-reference', message: 'unresolved reference to id "triso:unspecified"', subject: 'triso:unspecified' });
      expect(warning.line).toBeGreaterThan(1);
    }
  });

  it('imports definitions without a process as an empty model', async () => {
    const model = await importBpmn(fixture('bpmn-moddle/nested-no-namespace-prefix.bpmn'));
    expect(model.steps).toEqual([]);
    const empty = await importBpmn(
      Buffer.from('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"/>'),
    );
    expect(empty).toMatchObject({ name: null, steps: [], pools: [], lanes: [], flows: [], dataObjects: [], warnings: [{ code: 'no-process' }] });
  });
});
