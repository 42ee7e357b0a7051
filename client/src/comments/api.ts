/** Calls of the comment routes (server/src/comments). */
import type { Comment, CommentList, CreateCommentInput, Member, Page, User, UserRef, WrittenComment } from '@stafette/api';
import { api } from '../api/http.ts';

export const commentsApi = {
  list: (pageId: string) => api.get<CommentList>(`/pages/${pageId}/comments`),
  create: (pageId: string, input: CreateCommentInput) => api.post<WrittenComment>(`/pages/${pageId}/comments`, input),
  update: (id: string, body: string) => api.patch<WrittenComment>(`/comments/${id}`, { body }),
  remove: (id: string) => api.delete<void>(`/comments/${id}`),
  resolve: (id: string) => api.post<Comment>(`/comments/${id}/resolve`),
  reopen: (id: string) => api.post<Comment>(`/comments/${id}/reopen`),
  mentionable: (pageId: string, q: string) => api.get<UserRef[]>(`/pages/${pageId}/mentionable?q=${encodeURIComponent(q)}`),
  /** Of `ids`, those who can read the page now (with their current names). */
  readers: (pageId: string, ids: string[]) => api.get<UserRef[]>(`/pages/${pageId}/mentionable?ids=${ids.join(',')}`),
  /** Active accounts whose name or e-mail contains `q` (anyone signed in may look people up). */
  people: async (q: string): Promise<UserRef[]> =>
    (await api.get<User[]>(`/users?q=${encodeURIComponent(q)}`)).map((u) => ({ id: u.id, displayName: u.displayName })),
  /** Lets someone read the page: adds them to its space as a reader (space owners). */
  grantReader: async (pageId: string, userId: string) => {
    const page = await api.get<Page>(`/pages/${pageId}`);
    return api.put<Member>(`/spaces/${page.spaceId}/members/${userId}`, { role: 'reader' });
  },
};

/** The page's comment events (server-sent); `onEvent` runs for each, reconnects are EventSource's. */
export function watchComments(pageId: string, onEvent: () => void): () => void {
  const source = new EventSource(`/api/v1/pages/${pageId}/comments/stream`, { withCredentials: true });
  source.addEventListener('comment', onEvent);
  return () => source.close();
}
