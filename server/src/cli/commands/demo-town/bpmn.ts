/**
 * Small German BPMN 2.0 processes for the demo town, with diagram information (DI) so the
 * process view draws them: a start event, tasks in a row and an end event.
 */
export interface DemoNode {
  id: string;
  name: string;
}

export interface DemoProcess {
  id: string;
  name: string;
  start: DemoNode;
  tasks: DemoNode[];
  end: DemoNode;
}

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

export function demoBpmn(process: DemoProcess): string {
  const nodes = [
    { ...process.start, tag: 'startEvent', w: 36, h: 36 },
    ...process.tasks.map((t) => ({ ...t, tag: 'userTask', w: 150, h: 80 })),
    { ...process.end, tag: 'endEvent', w: 36, h: 36 },
  ];
  const midY = 140;
  let x = 80;
  const placed = nodes.map((n) => {
    const at = { ...n, x, y: midY - n.h / 2 };
    x += n.w + 60;
    return at;
  });
  const flows = placed.slice(1).map((target, i) => ({ id: `Flow_${i + 1}`, source: placed[i]!, target }));
  const incoming = (id: string) => flows.filter((f) => f.target.id === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => flows.filter((f) => f.source.id === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`).join('');
  const elements = placed.map((n) => `    <bpmn:${n.tag} id="${n.id}" name="${escape(n.name)}">${incoming(n.id)}${outgoing(n.id)}</bpmn:${n.tag}>`);
  const sequence = flows.map((f) => `    <bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source.id}" targetRef="${f.target.id}" />`);
  const shapes = placed.map(
    (n) => `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${n.x}" y="${n.y}" width="${n.w}" height="${n.h}" /></bpmndi:BPMNShape>`,
  );
  const edges = flows.map(
    (f) =>
      `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}"><di:waypoint x="${f.source.x + f.source.w}" y="${midY}" /><di:waypoint x="${f.target.x}" y="${midY}" /></bpmndi:BPMNEdge>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_${process.id}" targetNamespace="https://stafette.example/demo" exporter="Stafette demo town">
  <bpmn:process id="${process.id}" name="${escape(process.name)}" isExecutable="false">
${[...elements, ...sequence].join('\n')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${process.id}">
    <bpmndi:BPMNPlane id="Plane_${process.id}" bpmnElement="${process.id}">
${[...shapes, ...edges].join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
