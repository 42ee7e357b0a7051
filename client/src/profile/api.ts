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
  /** `revokeTokens`: the server revokes every personal API token too (its default). */
  changePassword: (currentPassword: string, newPassword: string, revokeTokens: boolean) =>
    api.post<void>('/auth/password', { currentPassword, newPassword, revokeTokens }),
  tokens: () => api.get<ApiToken[]>('/auth/tokens'),
  createToken: (name: string, expiresAt: string | null) => api.post<ApiToken & { token: string }>('/auth/tokens', { name, ...(expiresAt ? { expiresAt } : {}) }),
  revokeToken: (id: string) => api.delete<void>(`/auth/tokens/${id}`),
};

/** The server's minimum (server/src/auth/secrets.ts), checked here to answer in the UI language. */
export const MIN_PASSWORD_LENGTH = 12;
