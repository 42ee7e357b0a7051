import type { ProcessModel } from './model.ts';

/**
 * Step ids that existed before a re-import and are gone from the new model, in the order given.
 * Pages attached to them become "orphaned" until someone re-attaches them.
 */
export function findOrphanedStepIds(previousStepIds: Iterable<string>, next: Pick<ProcessModel, 'steps'>): string[] {
  const present = new Set(next.steps.map((step) => step.elementId));
  const orphaned: string[] = [];
  const seen = new Set<string>();
  for (const id of previousStepIds) {
    if (!present.has(id) && !seen.has(id)) orphaned.push(id);
    seen.add(id);
  }
  return orphaned;
}
