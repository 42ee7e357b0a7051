/** Typed calls for full-text search (GET /api/v1/search). */
import type { SearchResult } from '@stafette/api';
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
}

export function searchQueryString(params: SearchParams): string {
  const qs = new URLSearchParams({ q: params.q.trim() });
  if (params.spaceId) qs.set('spaceId', params.spaceId);
  if (params.processId) qs.set('processId', params.processId);
  if (params.processId && params.stepId) qs.set('stepId', params.stepId);
  if (params.limit) qs.set('limit', String(params.limit));
  if (params.cursor) qs.set('cursor', params.cursor);
  if (params.suggest) qs.set('suggest', 'true');
  return qs.toString();
}

export const searchApi = {
  search: (params: SearchParams, signal?: AbortSignal) => api.get<SearchResult>(`/search?${searchQueryString(params)}`, signal ? { signal } : undefined),
};
