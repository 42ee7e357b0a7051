/** Reading a process model for people: names in their language, lanes, pools, reading order. */
import type { ModelPart, Process, Step } from '@stafette/api';

interface Named {
  name?: string | null;
  names?: Record<string, string>;
}

/** The name in the interface language when the model has one, else as written; null if unnamed. */
export function localName(item: Named | undefined, language: string): string | null {
  if (!item) return null;
  return item.names?.[language] || item.name || null;
}

export function partById(parts: ModelPart[], id: string | null): ModelPart | undefined {
  return id === null ? undefined : parts.find((part) => part.elementId === id);
}

export interface StepGroup {
  /** "Pool › Lane", or null for steps outside pools and lanes. */
  poolId: string | null;
  laneId: string | null;
  steps: Step[];
}

/** Steps grouped by pool and lane, groups in the order their first step appears in the model. */
export function groupByLane(steps: Step[]): StepGroup[] {
  const groups = new Map<string, StepGroup>();
  for (const step of steps) {
    const key = `${step.poolId ?? ''}\u0000${step.lane ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { poolId: step.poolId, laneId: step.lane, steps: [] };
      groups.set(key, group);
    }
    group.steps.push(step);
  }
  return [...groups.values()];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reading order for keyboard navigation on a diagram: left to right by the shape's centre,
 * top to bottom among shapes in one column (a process reads left to right, lanes stack).
 * Steps without a shape keep their model order at the end.
 */
export function readingOrder(steps: Step[], boxOf: (elementId: string) => Box | undefined): Step[] {
  const COLUMN = 24;
  const placed = steps.map((step, index) => ({ step, index, box: boxOf(step.elementId) }));
  return placed
    .sort((a, b) => {
      if (!a.box || !b.box) return Number(!a.box) - Number(!b.box) || a.index - b.index;
      const ax = a.box.x + a.box.width / 2;
      const bx = b.box.x + b.box.width / 2;
      if (Math.abs(ax - bx) > COLUMN) return ax - bx;
      return a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2) || a.index - b.index;
    })
    .map((entry) => entry.step);
}

/** The lane's name, with the pool's in front when the model has several pools. */
export function laneLabel(process: Pick<Process, 'pools' | 'lanes'>, poolId: string | null, laneId: string | null, language: string): string | null {
  const pool = localName(partById(process.pools, poolId), language);
  const lane = localName(partById(process.lanes, laneId), language);
  if (pool && lane && process.pools.length > 1) return `${pool} › ${lane}`;
  return lane ?? pool;
}
