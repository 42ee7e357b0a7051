import { describe, expect, it } from 'vitest';
import { importBpmn } from './index.ts';

// Covers what the reference files lack: nested lanes, transactions, sub-choreographies,
// complex gateways, global tasks, lanes of boundary events and sub-process content.
const NESTED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:acme="http://acme.example/bpmn" id="defs" name="Definitions name" targetNamespace="x">
  <bpmn:globalUserTask id="GlobalTask_1" name="Shared approval"/>
  <bpmn:collaboration id="Collab">
    <bpmn:participant id="Pool_A" name="Amt" processRef="Proc"/>
    <bpmn:participant id="Pool_B" name="Bürger"/>
    <bpmn:messageFlow id="MF_1" sourceRef="Pool_B" targetRef="Start"/>
  </bpmn:collaboration>
  <bpmn:process id="Proc">
    <bpmn:laneSet id="LS">
      <bpmn:lane id="Lane_Top" name="Fachbereich">
        <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>Tx</bpmn:flowNodeRef>
        <bpmn:childLaneSet id="LS_child">
          <bpmn:lane id="Lane_Inner" name="Sachbearbeitung">
            <bpmn:flowNodeRef>Check</bpmn:flowNodeRef>
            <bpmn:flowNodeRef>Tx</bpmn:flowNodeRef>
            <bpmn:childLaneSet id="LS_grandchild">
              <bpmn:lane id="Lane_Innermost" name="Team 1"><bpmn:flowNodeRef>Tx</bpmn:flowNodeRef></bpmn:lane>
            </bpmn:childLaneSet>
          </bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
      <bpmn:lane id="Lane_Other"><bpmn:flowNodeRef>Gw</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:extensionElements><acme:owner>Team</acme:owner></bpmn:extensionElements>
    <bpmn:startEvent id="Start"/>
    <bpmn:task id="Check" name="Antrag prüfen"><bpmn:extensionElements><acme:sla days="3"/></bpmn:extensionElements></bpmn:task>
    <bpmn:boundaryEvent id="Timer" attachedToRef="Check"><bpmn:timerEventDefinition/></bpmn:boundaryEvent>
    <bpmn:transaction id="Tx" name="Zahlung">
      <bpmn:subProcess id="Inner" triggeredByEvent="false">
        <bpmn:scriptTask id="Deep"/>
      </bpmn:subProcess>
      <bpmn:sequenceFlow id="SF_inner" sourceRef="Inner" targetRef="Inner"/>
    </bpmn:transaction>
    <bpmn:complexGateway id="Gw"/>
    <bpmn:callActivity id="Call" calledElement="GlobalTask_1"/>
    <bpmn:dataObject id="DO"/>
    <bpmn:dataObjectReference id="DOR" dataObjectRef="DO"/>
    <bpmn:sequenceFlow id="SF_1" sourceRef="Start" targetRef="Check"/>
  </bpmn:process>
  <bpmn:choreography id="Chor">
    <bpmn:participant id="P1"/>
    <bpmn:participant id="P2"/>
    <bpmn:subChoreography id="SubChor">
      <bpmn:participantRef>P1</bpmn:participantRef>
      <bpmn:participantRef>P2</bpmn:participantRef>
      <bpmn:choreographyTask id="ChorTask" initiatingParticipantRef="P1">
        <bpmn:participantRef>P1</bpmn:participantRef>
        <bpmn:participantRef>P2</bpmn:participantRef>
      </bpmn:choreographyTask>
    </bpmn:subChoreography>
  </bpmn:choreography>
</bpmn:definitions>`;

describe('structure', () => {
  it('lists every flow node of all pools and nesting levels, with innermost lane and parent', async () => {
    const model = await importBpmn(Buffer.from(NESTED));
    expect(model.name).toBe('Definitions name');
    expect(model.steps.map((s) => ({ id: s.elementId, kind: s.kind, lane: s.lane, parentId: s.parentId }))).toEqual([
      { id: 'Start', kind: 'startEvent', lane: 'Lane_Top', parentId: null },
      { id: 'Check', kind: 'task', lane: 'Lane_Inner', parentId: null },
      { id: 'Timer', kind: 'boundaryEvent', lane: 'Lane_Inner', parentId: null },
      { id: 'Tx', kind: 'transaction', lane: 'Lane_Innermost', parentId: null },
      { id: 'Inner', kind: 'subProcess', lane: 'Lane_Innermost', parentId: 'Tx' },
      { id: 'Deep', kind: 'scriptTask', lane: 'Lane_Innermost', parentId: 'Inner' },
      { id: 'Gw', kind: 'complexGateway', lane: 'Lane_Other', parentId: null },
      { id: 'Call', kind: 'callActivity', lane: null, parentId: null },
      { id: 'SubChor', kind: 'subChoreography', lane: null, parentId: null },
      { id: 'ChorTask', kind: 'choreographyTask', lane: null, parentId: 'SubChor' },
    ]);
    expect(model.steps.find((s) => s.elementId === 'Timer')).toMatchObject({ attachedToId: 'Check', eventDefinitions: ['timer'], poolId: 'Pool_A' });
    expect(model.steps.find((s) => s.elementId === 'ChorTask')).toMatchObject({ processId: 'Chor', poolId: null });
  });

  it('reports nested lanes, pools, flows and data objects', async () => {
    const model = await importBpmn(Buffer.from(NESTED));
    expect(model.lanes.map((l) => [l.elementId, l.parentLaneId, l.poolId])).toEqual([
      ['Lane_Top', null, 'Pool_A'],
      ['Lane_Inner', 'Lane_Top', 'Pool_A'],
      ['Lane_Innermost', 'Lane_Inner', 'Pool_A'],
      ['Lane_Other', null, 'Pool_A'],
    ]);
    expect(model.pools.map((p) => [p.elementId, p.name, p.processId])).toEqual([
      ['Pool_A', 'Amt', 'Proc'],
      ['Pool_B', 'Bürger', null],
    ]);
    expect(model.flows.map((f) => [f.elementId, f.kind, f.sourceId, f.targetId, f.parentId])).toEqual([
      ['MF_1', 'messageFlow', 'Pool_B', 'Start', null],
      ['SF_inner', 'sequenceFlow', 'Inner', 'Inner', 'Tx'],
      ['SF_1', 'sequenceFlow', 'Start', 'Check', null],
    ]);
    expect(model.dataObjects.map((d) => [d.elementId, d.kind, d.refersToId])).toEqual([
      ['DO', 'dataObject', null],
      ['DOR', 'dataObjectReference', 'DO'],
    ]);
    expect(model.steps.some((s) => s.elementId === 'GlobalTask_1')).toBe(false);
  });
});
