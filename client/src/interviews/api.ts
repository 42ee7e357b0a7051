/** Calls of the interview API (server/src/interviews/routes.ts). */
import type {
  AnswerReviewKind,
  Completion,
  CreateInterviewInput,
  Interview,
  InterviewSummary,
  PublicationPlan,
  ReadingItem,
  TransitionTarget,
  User,
} from '@stafette/api';
import { api } from '../api/http.ts';

const base = (id: string) => `/interviews/${id}`;
const answer = (id: string, questionId: string) => `${base(id)}/answers/${questionId}`;

export const interviewsApi = {
  list: () => api.get<InterviewSummary[]>('/interviews'),
  get: (id: string) => api.get<Interview>(base(id)),
  create: (input: CreateInterviewInput) => api.post<Interview>('/interviews', input),
  transition: (id: string, to: TransitionTarget) => api.post<Interview>(`${base(id)}/transition`, { to }),
  setPrivate: (id: string, questionId: string, value: boolean) => api.put<Interview>(answer(id, questionId), { private: value }),
  linkStep: (id: string, questionId: string, processId: string, elementId: string) =>
    api.put<Interview>(`${answer(id, questionId)}/steps/${processId}/${encodeURIComponent(elementId)}`, {}),
  unlinkStep: (id: string, questionId: string, processId: string, elementId: string) =>
    api.delete<void>(`${answer(id, questionId)}/steps/${processId}/${encodeURIComponent(elementId)}`),
  review: (id: string, questionId: string, kind: AnswerReviewKind, body?: string) =>
    api.post<Interview>(`${answer(id, questionId)}/reviews`, body === undefined ? { kind } : { kind, body }),
  preview: (id: string) => api.get<PublicationPlan>(`${base(id)}/preview`),
  consent: (id: string, hash: string) => api.post<Interview>(`${base(id)}/consent`, { hash }),
  withdrawConsent: (id: string) => api.delete<void>(`${base(id)}/consent`),
  complete: (id: string, spaceId: string) => api.post<Completion>(`${base(id)}/complete`, { spaceId }),
  /** The explicit decision to delete the unpublished content after the retention date. */
  purge: (id: string, reason: string) => api.post<Interview>(`${base(id)}/retention/purge`, reason ? { confirm: true, reason } : { confirm: true }),
  readingList: (id: string) => api.get<ReadingItem[]>(`${base(id)}/reading-list`),
  users: () => api.get<User[]>('/users'),
};
