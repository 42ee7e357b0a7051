/** The signed-in user's own account: password and personal API tokens. */
import { api } from '../api/http.ts';

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const profileApi = {
  changePassword: (currentPassword: string, newPassword: string) => api.post<void>('/auth/password', { currentPassword, newPassword }),
  tokens: () => api.get<ApiToken[]>('/auth/tokens'),
  createToken: (name: string, expiresAt: string | null) => api.post<ApiToken & { token: string }>('/auth/tokens', { name, ...(expiresAt ? { expiresAt } : {}) }),
  revokeToken: (id: string) => api.delete<void>(`/auth/tokens/${id}`),
};

/** The server's minimum (server/src/auth/secrets.ts), checked here to answer in the UI language. */
export const MIN_PASSWORD_LENGTH = 12;
