/** Typed calls for the routes the screens use; one function per route. */
import type {
  CreatePageInput,
  LogoutResult,
  CreateSpaceInput,
  Member,
  Page,
  PageListItem,
  Session,
  SessionProbe,
  SetupInput,
  SetupStatus,
  Space,
  TreeNode,
  UpdateMeInput,
  User,
} from '@stafette/api';
import { api } from './http.ts';

export const authApi = {
  session: () => api.get<SessionProbe>('/auth/session'),
  login: (email: string, password: string) => api.post<Session>('/auth/login', { email, password }),
  /** A session from the OpenID Connect provider answers where to end the provider session too. */
  logout: () => api.post<LogoutResult | undefined>('/auth/logout', {}),
  updateMe: (changes: UpdateMeInput) => api.patch<User>('/auth/me', changes),
  logoutEverywhere: (revokeTokens: boolean) => api.post<void>('/auth/logout-everywhere', { revokeTokens }),
};

export const setupApi = {
  status: () => api.get<SetupStatus>('/setup'),
  create: (input: SetupInput) => api.post<Session>('/setup', input),
};

export const spacesApi = {
  list: () => api.get<Space[]>('/spaces'),
  get: (id: string) => api.get<Space>(`/spaces/${id}`),
  create: (input: CreateSpaceInput) => api.post<Space>('/spaces', input),
  tree: (id: string) => api.get<TreeNode[]>(`/spaces/${id}/tree`),
  members: (id: string) => api.get<Member[]>(`/spaces/${id}/members`),
};

export const pagesApi = {
  get: (id: string) => api.get<Page>(`/pages/${id}`),
  create: (input: CreatePageInput) => api.post<Page>('/pages', input),
  rename: (id: string, title: string) => api.patch<Page>(`/pages/${id}`, { title }),
  move: (id: string, parentId: string | null, position: number) => api.post<Page>(`/pages/${id}/move`, { parentId, position }),
  archive: (id: string) => api.post<Page>(`/pages/${id}/archive`, {}),
  restore: (id: string) => api.post<Page>(`/pages/${id}/restore`, {}),
  recent: () => api.get<PageListItem[]>('/pages/recent'),
  mine: () => api.get<PageListItem[]>('/pages/mine'),
};
