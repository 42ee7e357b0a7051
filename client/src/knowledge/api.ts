/** Typed calls for knowledge upkeep: risk map, reviews, read confirmations, scheduling interviews. */
import type {
  ConfigureReviewInput,
  CreateInterviewInput,
  DueReview,
  Interview,
  ProcessSummary,
  ReadStatus,
  Review,
  RiskFilter,
  RiskResult,
} from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { api } from '../api/http.ts';

export function riskQuery(filter: RiskFilter): string {
  const query = new URLSearchParams();
  if (filter.spaceId) query.set('spaceId', filter.spaceId);
  if (filter.processId) query.set('processId', filter.processId);
  if (filter.horizonDays) query.set('horizonDays', String(filter.horizonDays));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const knowledgeApi = {
  risk: (filter: RiskFilter) => api.get<RiskResult>(`/knowledge-risk${riskQuery(filter)}`),
  csvUrl: (filter: RiskFilter) => `/api/v1/knowledge-risk/export.csv${riskQuery(filter)}`,
  processes: (spaceId?: string) => api.get<ProcessSummary[]>(`/processes${spaceId ? `?spaceId=${spaceId}` : ''}`),
  scheduleInterview: (input: CreateInterviewInput) => api.post<Interview>('/interviews', input),
  review: (pageId: string) => api.get<Review>(`/pages/${pageId}/review`),
  configureReview: (pageId: string, changes: ConfigureReviewInput) => api.patch<Review>(`/pages/${pageId}/review`, changes),
  confirmReview: (pageId: string) => api.post<Review>(`/pages/${pageId}/review/confirm`, {}),
  dueReviews: () => api.get<DueReview[]>('/reviews/due'),
  readStatus: (pageId: string) => api.get<ReadStatus>(`/pages/${pageId}/read-confirmations`),
  requestReads: (pageId: string, note: string) => api.post<ReadStatus>(`/pages/${pageId}/read-requests`, { note }),
  confirmRead: (pageId: string) => api.post<ReadStatus>(`/pages/${pageId}/read-confirmations`, {}),
  members: spacesApi.members,
};
