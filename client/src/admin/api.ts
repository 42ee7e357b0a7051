/** Administration routes: accounts, spaces and their members, the audit log. */
import type { AuditFilters, AuditPage, Health, CreateUserInput, DirectoryStatus, DirectorySyncResult, GroupMapping, Member, Space, SpaceRole, UpdateUserInput, User } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { api } from '../api/http.ts';

export const usersAdminApi = {
  list: () => api.get<User[]>('/users?includeInactive=true'),
  create: (input: CreateUserInput) => api.post<User>('/users', input),
  update: (id: string, changes: UpdateUserInput) => api.patch<User>(`/users/${id}`, changes),
};

export const spacesAdminApi = {
  list: () => api.get<Space[]>('/spaces?includeArchived=true'),
  members: spacesApi.members,
  setMember: (spaceId: string, userId: string, role: SpaceRole) => api.put<Member>(`/spaces/${spaceId}/members/${userId}`, { role }),
  removeMember: (spaceId: string, userId: string) => api.delete<void>(`/spaces/${spaceId}/members/${userId}`),
  archive: (spaceId: string) => api.post<Space>(`/spaces/${spaceId}/archive`, {}),
  restore: (spaceId: string) => api.post<Space>(`/spaces/${spaceId}/restore`, {}),
};

function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const auditApi = {
  page: (filters: AuditFilters, cursor: string | null) => api.get<AuditPage>(`/audit${auditQuery(filters, { limit: '50', ...(cursor ? { cursor } : {}) })}`),
  csvUrl: (filters: AuditFilters) => `/api/v1/audit/export.csv${auditQuery(filters)}`,
};

export const backupApi = {
  /** Which database the server uses: only the embedded one is backed up from the browser. */
  health: () => api.get<Health>('/health'),
  downloadUrl: '/api/v1/admin/backup',
};

export const directoryAdminApi = {
  status: () => api.get<DirectoryStatus>('/admin/directory'),
  mappings: () => api.get<GroupMapping[]>('/admin/directory/mappings'),
  saveMappings: (mappings: GroupMapping[]) => api.put<GroupMapping[]>('/admin/directory/mappings', mappings),
  sync: () => api.post<DirectorySyncResult>('/admin/directory/sync', {}),
};
