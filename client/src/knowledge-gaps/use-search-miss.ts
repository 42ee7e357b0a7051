/**
 * Tells the server when a search ends without opening a result, for the knowledge-gap report
 * ("Gesucht, nicht gefunden"). A query counts once typing has settled for a while (so the
 * letters on the way do not), and is reported when it is replaced by another settled query or
 * when the user leaves the search for anything but a page. The server decides whether it had
 * hits and stores no user id.
 */
import { useEffect, useRef } from 'react';
import { MIN_QUERY } from '../search/use-search.ts';
import { gapsApi } from './api.ts';

export const SETTLE_MS = 2500;

interface Settled {
  q: string;
  spaceId: string | null;
}

function send(search: Settled): void {
  // Best effort: a failed report must not disturb searching.
  gapsApi.reportMiss(search.q, search.spaceId).catch(() => undefined);
}

export function useSearchMissReport(q: string, spaceId: string | null): void {
  const settled = useRef<Settled | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (query.length < MIN_QUERY) return;
    const timer = setTimeout(() => {
      const previous = settled.current;
      if (previous && (previous.q !== query || previous.spaceId !== spaceId)) send(previous);
      settled.current = { q: query, spaceId };
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [q, spaceId]);

  useEffect(
    () => () => {
      // Leaving for a page means the search found something.
      if (settled.current && !window.location.pathname.startsWith('/pages/')) send(settled.current);
      settled.current = null;
    },
    [],
  );
}
