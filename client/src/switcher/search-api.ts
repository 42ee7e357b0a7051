/** Full-text hits for the switcher (the search issue's route); titles come from the page index. */
import { api } from '../api/http.ts';

export interface SearchHit {
  pageId: string;
  title: string;
  snippet: string;
  spaceId: string;
}

export function searchPages(q: string, signal: AbortSignal): Promise<SearchHit[]> {
  return api.get<{ hits: SearchHit[] }>(`/search?q=${encodeURIComponent(q)}&limit=8`, { signal }).then((result) => result.hits);
}
