/** Calls of the knowledge-gap API (server/src/knowledge-gaps/routes.ts). */
import type { GapPageInput, KnowledgeGapList, User, Worklist } from '@stafette/api';
import { api } from '../api/http.ts';

export const gapsApi = {
  list: (days: number) => api.get<KnowledgeGapList>(`/knowledge-gaps?days=${days}`),
  createPage: (input: GapPageInput) => api.post<{ pageId: string; title: string; responsibleId: string | null }>('/knowledge-gaps/pages', input),
  reportMiss: (q: string, spaceId: string | null) => api.post<null>('/search/misses', spaceId ? { q, spaceId } : { q }),
  users: () => api.get<User[]>('/users'),
  worklist: (horizonDays: number) => api.get<Worklist>(`/knowledge-gaps/worklist?horizonDays=${horizonDays}`),
};
