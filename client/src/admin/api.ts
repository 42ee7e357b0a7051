/** Administration routes: accounts, spaces and their members, the audit log. */
import { api } from '../api/http.ts';
import type { Role, Space, SpaceRole, User } from '../api/types.ts';

export interface AdminUser extends User {
  plannedDepartureDate: string | null;
  createdAt: string;
}

export interface Member {
  userId: string;
  displayName: string;
  email: string;
  active: boolean;
  role: SpaceRole;
  since: string;
}

export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export const usersAdminApi = {
  list: () => api.get<AdminUser[]>('/users?includeInactive=true'),
  create: (input: { email: string; password: string; displayName: string; role: Role; locale: 'de' | 'en' }) => api.post<AdminUser>('/users', input),
  update: (id: string, changes: { role?: Role; active?: boolean; plannedDepartureDate?: string | null; displayName?: string }) => api.patch<AdminUser>(`/users/${id}`, changes),
};

export const spacesAdminApi = {
  list: () => api.get<Space[]>('/spaces?includeArchived=true'),
  members: (spaceId: string) => api.get<Member[]>(`/spaces/${spaceId}/members`),
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
  page: (filters: AuditFilters, cursor: string | null) => api.get<{ items: AuditEntry[]; nextCursor: string | null }>(`/audit${auditQuery(filters, { limit: '50', ...(cursor ? { cursor } : {}) })}`),
  csvUrl: (filters: AuditFilters) => `/api/v1/audit/export.csv${auditQuery(filters)}`,
};
