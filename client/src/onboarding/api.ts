/** Calls of the reading-path API (server/src/onboarding/routes.ts). */
import type { CreateReadingPathInput, MyReadingPath, ReadingPath, SearchResult, User } from '@stafette/api';
import { api } from '../api/http.ts';

export const onboardingApi = {
  mine: () => api.get<MyReadingPath[]>('/reading-paths/mine'),
  managed: () => api.get<ReadingPath[]>('/reading-paths'),
  create: (input: CreateReadingPathInput) => api.post<ReadingPath>('/reading-paths', input),
  assign: (pathId: string, userId: string) => api.post<ReadingPath>(`/reading-paths/${pathId}/assign`, { userId }),
  markDone: (pathId: string, index: number) => api.post<MyReadingPath[]>(`/reading-paths/${pathId}/items/${index}/done`, {}),
  fromInterview: (interviewId: string) => api.post<ReadingPath>(`/interviews/${interviewId}/reading-path`, {}),
  users: () => api.get<User[]>('/users'),
  findPages: (q: string) => api.get<SearchResult>(`/search?${new URLSearchParams({ q, limit: '8', suggest: 'true' }).toString()}`),
};
