import { describe, expect, it } from 'vitest';
import { findOrphanedStepIds, importBpmn } from './index.ts';

describe('findOrphanedStepIds', () => {
  it('returns the old step ids missing from the new model, once each, in the given order', () => {
    const next = { steps: [{ elementId: 'b' }, { elementId: 'd' }] } as Parameters<typeof findOrphanedStepIds>[1];
    expect(findOrphanedStepIds(['a', 'b', 'c', 'a'], next)).toEqual(['a', 'c']);
    expect(findOrphanedStepIds(new Set<string>(), next)).toEqual([]);
  });

  it('finds nothing when a model is re-imported unchanged', async () => {
    const xml = Buffer.from(
      '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="t1"/><task id="t2"/></process></definitions>',
    );
    const model = await importBpmn(xml);
    expect(findOrphanedStepIds(model.steps.map((s) => s.elementId), model)).toEqual([]);
    expect(findOrphanedStepIds(['t1', 't3'], model)).toEqual(['t3']);
  });
});
