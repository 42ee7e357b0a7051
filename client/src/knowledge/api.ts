/** Typed calls for knowledge upkeep: risk map, reviews, read confirmations, scheduling interviews. */
import { api } from '../api/http.ts';

export type RiskLevel = 'high' | 'medium' | 'low';

export interface RiskReason {
  code: 'no-pages' | 'few-pages' | 'stale-pages' | 'expert-leaving' | 'expert-left' | 'single-expert';
  text: string;
  userId?: string;
  displayName?: string;
  date?: string | null;
  daysLeft?: number;
  share?: number;
  pageCount?: number;
  days?: number;
}

export interface RiskStep {
  processId: string;
  processName: string;
  spaceId: string;
  spaceName: string;
  elementId: string;
  name: string;
  kind: string;
  lane: string | null;
  score: number;
  level: RiskLevel;
  pageCount: number;
  lastEditedAt: string | null;
  experts: { userId: string; displayName: string; active: boolean; departureDate: string | null; editCount: number; pageCount: number }[];
  reasons: RiskReason[];
}

export interface RiskPerson {
  userId: string;
  displayName: string;
  active: boolean;
  departureDate: string | null;
  pageCount: number;
  stepCount: number;
  maxScore: number;
  interview: { id: string; status: string } | null;
}

export interface RiskResult {
  horizonDays: number;
  generatedAt: string;
  steps: RiskStep[];
  experts: RiskPerson[];
}

export interface RiskFilter {
  spaceId?: string;
  processId?: string;
  horizonDays?: number;
}

export function riskQuery(filter: RiskFilter): string {
  const query = new URLSearchParams();
  if (filter.spaceId) query.set('spaceId', filter.spaceId);
  if (filter.processId) query.set('processId', filter.processId);
  if (filter.horizonDays) query.set('horizonDays', String(filter.horizonDays));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export interface Person {
  id: string;
  displayName: string;
  active: boolean;
  departureDate: string | null;
  left: boolean;
}

export interface Review {
  pageId: string;
  responsible: Person | null;
  intervalDays: number | null;
  lastReviewedAt: string | null;
  lastConfirmedAt: string | null;
  dueDate: string | null;
  overdue: boolean;
  proposal: { userId: string; displayName: string; basis: 'contributor' | 'space-owner'; editCount: number } | null;
  permissions: { canConfigure: boolean; canConfirm: boolean };
}

export interface DueReview {
  pageId: string;
  title: string;
  spaceId: string;
  spaceName: string;
  intervalDays: number;
  dueDate: string;
  overdue: boolean;
}

export interface ReadStatus {
  request: { id: string; note: string; createdAt: string; requestedBy: { id: string; displayName: string } | null } | null;
  confirmed: { userId: string; displayName: string; confirmedAt: string }[];
  pending: { userId: string; displayName: string }[];
  callerPending: boolean;
  canRequest: boolean;
}

export interface Member {
  userId: string;
  displayName: string;
  active: boolean;
  role: 'reader' | 'editor' | 'owner';
}

export const knowledgeApi = {
  risk: (filter: RiskFilter) => api.get<RiskResult>(`/knowledge-risk${riskQuery(filter)}`),
  csvUrl: (filter: RiskFilter) => `/api/v1/knowledge-risk/export.csv${riskQuery(filter)}`,
  processes: (spaceId?: string) => api.get<{ id: string; name: string; spaceId: string }[]>(`/processes${spaceId ? `?spaceId=${spaceId}` : ''}`),
  scheduleInterview: (input: { subjectUserId: string; interviewerId: string; departureDate: string }) => api.post<{ id: string; status: string }>('/interviews', input),
  review: (pageId: string) => api.get<Review>(`/pages/${pageId}/review`),
  configureReview: (pageId: string, changes: { responsibleId?: string | null; intervalDays?: number }) => api.patch<Review>(`/pages/${pageId}/review`, changes),
  confirmReview: (pageId: string) => api.post<Review>(`/pages/${pageId}/review/confirm`, {}),
  dueReviews: () => api.get<DueReview[]>('/reviews/due'),
  readStatus: (pageId: string) => api.get<ReadStatus>(`/pages/${pageId}/read-confirmations`),
  requestReads: (pageId: string, note: string) => api.post<ReadStatus>(`/pages/${pageId}/read-requests`, { note }),
  confirmRead: (pageId: string) => api.post<ReadStatus>(`/pages/${pageId}/read-confirmations`, {}),
  members: (spaceId: string) => api.get<Member[]>(`/spaces/${spaceId}/members`),
};
