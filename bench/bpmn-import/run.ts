// Import time of @stafette/bpmn against a bare bpmn-moddle fromXML parse of the same bytes.
// Rounds alternate which side goes first so warm-up and GC pressure fall on both evenly.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importBpmn } from '@stafette/bpmn';
import { BpmnModdle } from 'bpmn-moddle';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const LARGEST_REFERENCE = new URL('../../tests/fixtures/bpmn/miwg-reference/C.8.0.bpmn', import.meta.url);

function generatedModel(steps: number, lanes: number): Buffer {
  const ids = Array.from({ length: steps }, (_, i) => (i === 0 ? 'Start' : i === steps - 1 ? 'End' : `Task_${i}`));
  const perLane = Math.ceil(steps / lanes);
  const node = (id: string, i: number): string => {
    const tag = i === 0 ? 'startEvent' : i === steps - 1 ? 'endEvent' : i % 7 === 0 ? 'exclusiveGateway' : 'userTask';
    return `<bpmn:${tag} id="${id}" name="Schritt ${i} prüfen"><bpmn:documentation>Arbeitsschritt ${i}</bpmn:documentation></bpmn:${tag}>`;
  };
  const laneXml = Array.from({ length: lanes }, (_, l) => {
    const refs = ids.slice(l * perLane, (l + 1) * perLane).map((id) => `<bpmn:flowNodeRef>${id}</bpmn:flowNodeRef>`).join('');
    return `<bpmn:lane id="Lane_${l}" name="Team ${l}">${refs}</bpmn:lane>`;
  }).join('');
  const flows = ids.slice(1).map((id, i) => `<bpmn:sequenceFlow id="Flow_${i}" sourceRef="${ids[i]}" targetRef="${id}"/>`).join('');
  const shapes = ids
    .map((id, i) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${(i % perLane) * 150}" y="${Math.floor(i / perLane) * 200}" width="100" height="80"/></bpmndi:BPMNShape>`)
    .join('');
  const laneShapes = Array.from({ length: lanes }, (_, l) => `<bpmndi:BPMNShape id="Lane_${l}_di" bpmnElement="Lane_${l}" isHorizontal="true"><dc:Bounds x="0" y="${l * 200}" width="${perLane * 150}" height="200"/></bpmndi:BPMNShape>`).join('');
  const edges = ids
    .slice(1)
    .map((_, i) => `<bpmndi:BPMNEdge id="Flow_${i}_di" bpmnElement="Flow_${i}"><di:waypoint x="${i * 10}" y="40"/><di:waypoint x="${i * 10 + 50}" y="40"/></bpmndi:BPMNEdge>`)
    .join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="http://stafette.example/bench">
<bpmn:collaboration id="Collab"><bpmn:participant id="Pool" name="Amt" processRef="Process"/></bpmn:collaboration>
<bpmn:process id="Process" name="Generiert"><bpmn:laneSet id="LaneSet">${laneXml}</bpmn:laneSet>${ids.map(node).join('')}${flows}</bpmn:process>
<bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Collab"><bpmndi:BPMNShape id="Pool_di" bpmnElement="Pool" isHorizontal="true"><dc:Bounds x="0" y="0" width="1" height="1"/></bpmndi:BPMNShape>${laneShapes}${shapes}${edges}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function compare(label: string, bytes: Buffer): Promise<void> {
  const ours = async () => importBpmn(bytes);
  // The bare peer gets the bytes as UTF-8 text, the least it needs to parse at all.
  const bare = async () => new BpmnModdle().fromXML(bytes.toString('utf8'));
  const model = await ours();
  await bare();
  const oursTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      oursTimes.push(await time(ours));
      bareTimes.push(await time(bare));
    } else {
      bareTimes.push(await time(bare));
      oursTimes.push(await time(ours));
    }
  }
  const o = median(oursTimes);
  const b = median(bareTimes);
  console.log(
    `${label}: ${(bytes.length / 1024).toFixed(0)} KB, ${model.steps.length} steps, ${model.lanes.length} lanes, ${model.flows.length} flows | ` +
      `@stafette/bpmn median ${o.toFixed(1)} ms, bare bpmn-moddle fromXML median ${b.toFixed(1)} ms, ratio ${(o / b).toFixed(2)} (${ROUNDS} alternating rounds)`,
  );
}

await compare('generated 5,000-step model', generatedModel(5000, 8));
await compare('largest reference model (MIWG C.8.0)', readFileSync(LARGEST_REFERENCE));
