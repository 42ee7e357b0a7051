/** Typed calls for the routes the screens use; one function per route. */
import { api } from './http.ts';
import type { Page, PageSummary, SessionInfo, Space, SpaceRole, TreeNode, User } from './types.ts';

export const authApi = {
  session: () => api.get<{ user: null } | SessionInfo>('/auth/session'),
  login: (email: string, password: string) => api.post<SessionInfo>('/auth/login', { email, password }),
  logout: () => api.post<void>('/auth/logout', {}),
  updateMe: (changes: { displayName?: string; locale?: 'de' | 'en' }) => api.patch<User>('/auth/me', changes),
  logoutEverywhere: (revokeTokens: boolean) => api.post<void>('/auth/logout-everywhere', { revokeTokens }),
};

export const setupApi = {
  status: () => api.get<{ required: boolean }>('/setup'),
  create: (input: { token: string; email: string; password: string; displayName: string }) => api.post<SessionInfo>('/setup', input),
};

export const spacesApi = {
  list: () => api.get<Space[] | { items: Space[] }>('/spaces').then(listOf),
  get: (id: string) => api.get<Space>(`/spaces/${id}`),
  create: (input: { name: string; description?: string }) => api.post<Space>('/spaces', input),
  tree: (id: string) => api.get<TreeNode[]>(`/spaces/${id}/tree`),
  members: (id: string) => api.get<Array<{ userId: string; role: SpaceRole }> | { items: Array<{ userId: string; role: SpaceRole }> }>(`/spaces/${id}/members`).then(listOf),
};

export const pagesApi = {
  get: (id: string) => api.get<Page>(`/pages/${id}`),
  create: (input: { spaceId: string; parentId?: string | null; title: string }) => api.post<Page>('/pages', input),
  rename: (id: string, title: string) => api.patch<Page>(`/pages/${id}`, { title }),
  move: (id: string, parentId: string | null, position: number) => api.post<Page>(`/pages/${id}/move`, { parentId, position }),
  archive: (id: string) => api.post<Page>(`/pages/${id}/archive`, {}),
  restore: (id: string) => api.post<Page>(`/pages/${id}/restore`, {}),
  recent: () => api.get<PageSummary[] | { items: PageSummary[] }>('/pages/recent').then(listOf),
  mine: () => api.get<PageSummary[] | { items: PageSummary[] }>('/pages/mine').then(listOf),
};

/** Lists come either bare or wrapped in `{items}` (paged routes); the screens want the array. */
function listOf<T>(value: T[] | { items: T[] }): T[] {
  return Array.isArray(value) ? value : value.items;
}
