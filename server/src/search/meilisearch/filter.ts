import type { SearchQuery } from '../backend.ts';

/**
 * Meilisearch filter expressions. Values are always double-quoted with `\` and `"` escaped:
 * BPMN element ids are free text, and a quote in one must never end the string and smuggle in
 * an `OR` that widens the permission filter.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * The whole filter of a search: the caller's readable live spaces (never empty here: the
 * backend answers an empty result without asking Meilisearch when nothing is readable), live
 * documents, and the optional space, process and step restrictions.
 */
export function buildFilter(readableSpaceIds: readonly string[], query: Pick<SearchQuery, 'spaceId' | 'processId' | 'stepId'>): string {
  if (readableSpaceIds.length === 0) throw new Error('buildFilter needs at least one readable space');
  const parts = [`spaceId IN [${readableSpaceIds.map(quoteFilterValue).join(', ')}]`, 'archived = false'];
  if (query.spaceId) parts.push(`spaceId = ${quoteFilterValue(query.spaceId)}`);
  if (query.processId) parts.push(`processIds = ${quoteFilterValue(query.processId)}`);
  if (query.processId && query.stepId) parts.push(`stepKeys = ${quoteFilterValue(stepKey(query.processId, query.stepId))}`);
  return parts.map((p) => `(${p})`).join(' AND ');
}

/** One filterable value per attached step; element ids are unique only within a process. */
export function stepKey(processId: string, elementId: string): string {
  return `${processId}:${elementId}`;
}
