import { describe, expect, it } from 'vitest';
import type { Step } from '@stafette/api';
import { groupByLane, laneLabel, localName, readingOrder } from './model.ts';

const step = (elementId: string, lane: string | null = null, poolId: string | null = null): Step => ({
  elementId,
  kind: 'task',
  name: elementId,
  names: {},
  documentation: null,
  lane,
  parentId: null,
  poolId,
  bpmnProcessId: 'P',
  attachedToId: null,
  eventDefinitions: [],
});

describe('process model helpers', () => {
  it('prefers the name in the interface language', () => {
    expect(localName({ name: 'Check', names: { de: 'Prüfen', en: 'Check' } }, 'de')).toBe('Prüfen');
    expect(localName({ name: 'Check', names: {} }, 'de')).toBe('Check');
    expect(localName({ name: null, names: {} }, 'de')).toBeNull();
  });

  it('groups steps by pool and lane in model order', () => {
    const groups = groupByLane([step('a', 'L1', 'P1'), step('b', 'L2', 'P1'), step('c', 'L1', 'P1'), step('d')]);
    expect(groups.map((g) => [g.laneId, g.steps.map((s) => s.elementId)])).toEqual([
      ['L1', ['a', 'c']],
      ['L2', ['b']],
      [null, ['d']],
    ]);
  });

  it('orders steps left to right, then top to bottom, unplaced steps last', () => {
    const boxes: Record<string, { x: number; y: number; width: number; height: number }> = {
      end: { x: 500, y: 100, width: 36, height: 36 },
      start: { x: 100, y: 100, width: 36, height: 36 },
      lower: { x: 250, y: 300, width: 100, height: 80 },
      upper: { x: 255, y: 80, width: 100, height: 80 },
    };
    const ordered = readingOrder([step('end'), step('hidden'), step('lower'), step('start'), step('upper')], (id) => boxes[id]);
    expect(ordered.map((s) => s.elementId)).toEqual(['start', 'upper', 'lower', 'end', 'hidden']);
  });

  it('names the lane with its pool only when there are several pools', () => {
    const one = { pools: [{ elementId: 'P1', name: 'Amt' }], lanes: [{ elementId: 'L1', name: 'Sachbearbeitung' }] };
    expect(laneLabel(one, 'P1', 'L1', 'de')).toBe('Sachbearbeitung');
    const two = { pools: [...one.pools, { elementId: 'P2', name: 'Bürger' }], lanes: one.lanes };
    expect(laneLabel(two, 'P1', 'L1', 'de')).toBe('Amt › Sachbearbeitung');
    expect(laneLabel(two, 'P2', null, 'de')).toBe('Bürger');
  });
});
