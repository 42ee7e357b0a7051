/**
 * People for a search as one types (quick switcher, search screen): asks `/people?q=` once
 * typing pauses and drops answers a newer query made obsolete. Empty until two letters.
 */
import type { PersonHit } from '@stafette/api';
import { useEffect, useState } from 'react';
import { DEBOUNCE_MS, MIN_QUERY } from '../search/use-search.ts';
import { peopleApi } from './api.ts';

export function usePeopleSearch(query: string, limit: number): PersonHit[] {
  const [people, setPeople] = useState<PersonHit[]>([]);
  const q = query.trim();
  useEffect(() => {
    if (q.length < MIN_QUERY) {
      setPeople([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      peopleApi.search(q).then(
        (result) => current && setPeople(result.items.slice(0, limit)),
        () => current && setPeople([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, limit]);
  return people;
}
