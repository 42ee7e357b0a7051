/**
 * Search-as-you-type: `useSearch(params)` asks the API once typing pauses (debounced), cancels
 * the answer a newer query makes obsolete, and keeps showing the previous result meanwhile.
 * `useFullTextResults(query)` is the small form other parts use (the quick switcher shows its
 * hits below the title matches).
 */
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchResult } from '@stafette/api';
import { problemType } from '../api/http.ts';
import { searchApi, type SearchParams } from './api.ts';

export const DEBOUNCE_MS = 180;
/** Queries shorter than this wait for more letters (one letter matches half the wiki). */
export const MIN_QUERY = 2;

export type SearchState =
  | { status: 'idle' }
  | { status: 'loading'; previous: SearchResult | null }
  | { status: 'done'; result: SearchResult }
  | { status: 'unavailable' }
  | { status: 'error'; error: unknown };

export function useSearch(params: SearchParams, options: { debounceMs?: number; enabled?: boolean } = {}): SearchState & { loadMore(): void; loadingMore: boolean } {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const [loadingMore, setLoadingMore] = useState(false);
  const lastResult = useRef<SearchResult | null>(null);
  const q = params.q.trim();
  const key = JSON.stringify([
    q,
    params.spaceId ?? null,
    params.processId ?? null,
    params.stepId ?? null,
    params.limit ?? null,
    params.classification ?? null,
    params.authorId ?? null,
    params.changedSince ?? null,
    params.fileType ?? null,
    params.sort ?? null,
    params.fromStepId ?? null,
  ]);
  const enabled = (options.enabled ?? true) && q.length >= MIN_QUERY;

  useEffect(() => {
    if (!enabled) {
      lastResult.current = null;
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading', previous: lastResult.current });
    const timer = setTimeout(() => {
      searchApi.search({ ...params, q, cursor: null }, controller.signal).then(
        (result) => {
          lastResult.current = result;
          setState({ status: 'done', result });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (problemType(error) === 'search-unavailable') setState({ status: 'unavailable' });
          else setState({ status: 'error', error });
        },
      );
    }, options.debounceMs ?? DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for the parameters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled]);

  const loadMore = () => {
    if (state.status !== 'done' || !state.result.nextCursor || loadingMore) return;
    const current = state.result;
    setLoadingMore(true);
    searchApi
      .search({ ...params, q, cursor: current.nextCursor })
      .then((next) => {
        const merged = { ...current, hits: [...current.hits, ...next.hits], nextCursor: next.nextCursor };
        lastResult.current = merged;
        setState({ status: 'done', result: merged });
      })
      .catch((error: unknown) => setState({ status: 'error', error }))
      .finally(() => setLoadingMore(false));
  };

  return { ...state, loadMore, loadingMore };
}

/** The hits to show now (the previous ones while a newer query is on its way). */
export function currentHits(state: SearchState): SearchHit[] {
  if (state.status === 'done') return state.result.hits;
  if (state.status === 'loading') return state.previous?.hits ?? [];
  return [];
}

/**
 * Full-text hits for a query typed elsewhere (the quick switcher): at most `limit` pages,
 * search-as-you-type, `unavailable` when the search service is down. Only hits of the query
 * as typed now: Enter must never open a result of an older query.
 */
export function useFullTextResults(query: string, limit = 8): { hits: SearchHit[]; loading: boolean; unavailable: boolean } {
  const state = useSearch({ q: query, limit, suggest: true });
  return { hits: state.status === 'done' ? state.result.hits : [], loading: state.status === 'loading', unavailable: state.status === 'unavailable' };
}
