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
export function buildFilter(
  readableSpaceIds: readonly string[],
  query: Pick<SearchQuery, 'spaceId' | 'processId' | 'stepId' | 'authorId' | 'fileType' | 'changedSince'>,
): string {
  if (readableSpaceIds.length === 0) throw new Error('buildFilter needs at least one readable space');
  const parts = [`spaceId IN [${readableSpaceIds.map(quoteFilterValue).join(', ')}]`, 'archived = false'];
  if (query.spaceId) parts.push(`spaceId = ${quoteFilterValue(query.spaceId)}`);
  if (query.processId) parts.push(`processIds = ${quoteFilterValue(query.processId)}`);
  if (query.processId && query.stepId) parts.push(`stepKeys = ${quoteFilterValue(stepKey(query.processId, query.stepId))}`);
  if (query.authorId) parts.push(`authorId = ${quoteFilterValue(query.authorId)}`);
  if (query.fileType) parts.push(`fileTypes = ${quoteFilterValue(query.fileType)}`);
  // A day (validated by the route's schema) from midnight UTC, as epoch milliseconds.
  if (query.changedSince) parts.push(`updatedAt >= ${Date.parse(`${query.changedSince}T00:00:00Z`)}`);
  return parts.map((p) => `(${p})`).join(' AND ');
}

/** One filterable value per attached step; element ids are unique only within a process. */
export function stepKey(processId: string, elementId: string): string {
  return `${processId}:${elementId}`;
}
