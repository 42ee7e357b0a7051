/** Typed calls for full-text search (GET /api/v1/search). */
import type { SearchFileType, SearchResult, Suggestions } from '@stafette/api';
import { api } from '../api/http.ts';

export interface SearchParams {
  q: string;
  spaceId?: string | null;
  processId?: string | null;
  stepId?: string | null;
  limit?: number;
  cursor?: string | null;
  /** Suggestions (quick switcher): the server leaves out strictly confidential pages of spaces the caller is not a member of. */
  suggest?: boolean;
  /** Refining filters and order (search page). */
  classification?: string | null;
  authorId?: string | null;
  /** A day (YYYY-MM-DD): pages changed on or after it. */
  changedSince?: string | null;
  fileType?: SearchFileType | null;
  sort?: 'relevance' | 'date' | null;
  /** The step searched from (process view): its pages first. Needs processId. */
  fromStepId?: string | null;
}

export function searchQueryString(params: SearchParams): string {
  const qs = new URLSearchParams({ q: params.q.trim() });
  if (params.spaceId) qs.set('spaceId', params.spaceId);
  if (params.processId) qs.set('processId', params.processId);
  if (params.processId && params.stepId) qs.set('stepId', params.stepId);
  if (params.limit) qs.set('limit', String(params.limit));
  if (params.cursor) qs.set('cursor', params.cursor);
  if (params.suggest) qs.set('suggest', 'true');
  for (const key of ['classification', 'authorId', 'changedSince', 'fileType'] as const) {
    const value = params[key];
    if (value) qs.set(key, value);
  }
  if (params.sort === 'date') qs.set('sort', 'date');
  if (params.processId && params.fromStepId) qs.set('fromStepId', params.fromStepId);
  return qs.toString();
}

export const searchApi = {
  search: (params: SearchParams, signal?: AbortSignal) => api.get<SearchResult>(`/search?${searchQueryString(params)}`, signal ? { signal } : undefined),
  suggestions: (q: string, signal?: AbortSignal) =>
    api.get<Suggestions>(`/search/suggestions?${new URLSearchParams({ q: q.trim(), limit: '8' })}`, signal ? { signal } : undefined),
};
