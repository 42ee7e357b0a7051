/** Calls of the comment routes (server/src/comments). */
import type { Comment, CommentList, CreateCommentInput, UserRef } from '@stafette/api';
import { api } from '../api/http.ts';

export const commentsApi = {
  list: (pageId: string) => api.get<CommentList>(`/pages/${pageId}/comments`),
  create: (pageId: string, input: CreateCommentInput) => api.post<Comment>(`/pages/${pageId}/comments`, input),
  update: (id: string, body: string) => api.patch<Comment>(`/comments/${id}`, { body }),
  remove: (id: string) => api.delete<void>(`/comments/${id}`),
  resolve: (id: string) => api.post<Comment>(`/comments/${id}/resolve`),
  reopen: (id: string) => api.post<Comment>(`/comments/${id}/reopen`),
  mentionable: (pageId: string, q: string) => api.get<UserRef[]>(`/pages/${pageId}/mentionable?q=${encodeURIComponent(q)}`),
};

/** The page's comment events (server-sent); `onEvent` runs for each, reconnects are EventSource's. */
export function watchComments(pageId: string, onEvent: () => void): () => void {
  const source = new EventSource(`/api/v1/pages/${pageId}/comments/stream`, { withCredentials: true });
  source.addEventListener('comment', onEvent);
  return () => source.close();
}
