import { describe, expect, it } from 'vitest';
import { flowOrder } from './flow-order.ts';

const step = (elementId: string, kind = 'task') => ({ elementId, kind });
const flow = (sourceId: string, targetId: string) => ({ kind: 'sequenceFlow', sourceId, targetId });

describe('flowOrder', () => {
  it('follows the sequence flows from the start event, whatever the diagram order', () => {
    const steps = [step('end', 'endEvent'), step('check'), step('start', 'startEvent'), step('receive')];
    const order = flowOrder(steps, [flow('start', 'receive'), flow('receive', 'check'), flow('check', 'end')]);
    expect(order.map((s) => s.elementId)).toEqual(['start', 'receive', 'check', 'end']);
  });

  it('visits each step of a loop once and puts unconnected steps last in diagram order', () => {
    const steps = [step('lonely'), step('start', 'startEvent'), step('a'), step('b')];
    const order = flowOrder(steps, [flow('start', 'a'), flow('a', 'b'), flow('b', 'a'), { kind: 'messageFlow', sourceId: 'lonely', targetId: 'a' }]);
    expect(order.map((s) => s.elementId)).toEqual(['start', 'a', 'b', 'lonely']);
  });
});
