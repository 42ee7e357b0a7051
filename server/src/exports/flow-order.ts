/**
 * Steps in the order a reader follows the process: from the start events (else the steps
 * nothing flows into) along the sequence flows, breadth first, each step once; steps no flow
 * reaches (boundary events, unconnected steps) follow in diagram order. `steps` comes in
 * diagram order and decides ties.
 */
export function flowOrder<S extends { elementId: string; kind: string }>(
  steps: S[],
  flows: { kind: string; sourceId: string | null; targetId: string | null }[],
): S[] {
  const byId = new Map(steps.map((s) => [s.elementId, s]));
  const next = new Map<string, string[]>();
  const incoming = new Set<string>();
  for (const flow of flows) {
    if (flow.kind !== 'sequenceFlow' || !flow.sourceId || !flow.targetId) continue;
    if (!byId.has(flow.sourceId) || !byId.has(flow.targetId)) continue;
    const list = next.get(flow.sourceId) ?? [];
    list.push(flow.targetId);
    next.set(flow.sourceId, list);
    incoming.add(flow.targetId);
  }
  const starts = steps.filter((s) => s.kind === 'startEvent' && !incoming.has(s.elementId));
  const roots = starts.length > 0 ? starts : steps.filter((s) => !incoming.has(s.elementId) && next.has(s.elementId));
  const seen = new Set<string>();
  const out: S[] = [];
  const queue = roots.map((s) => s.elementId);
  for (const id of queue) seen.add(id);
  while (queue.length > 0) {
    const id = queue.shift()!;
    out.push(byId.get(id)!);
    for (const target of next.get(id) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  for (const step of steps) if (!seen.has(step.elementId)) out.push(step);
  return out;
}
