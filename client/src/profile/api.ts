/** The signed-in user's own account: password, sessions and personal API tokens. */
import type { ApiToken, CreatedApiToken, SessionInfo } from '@stafette/api';
import { api } from '../api/http.ts';

export const profileApi = {
  /** `revokeTokens`: the server revokes every personal API token too (its default). */
  changePassword: (currentPassword: string, newPassword: string, revokeTokens: boolean) =>
    api.post<void>('/auth/password', { currentPassword, newPassword, revokeTokens }),
  tokens: () => api.get<ApiToken[]>('/auth/tokens'),
  createToken: (name: string, expiresAt: string | null, readOnly: boolean) =>
    api.post<CreatedApiToken>('/auth/tokens', { name, readOnly, ...(expiresAt ? { expiresAt } : {}) }),
  revokeToken: (id: string) => api.delete<void>(`/auth/tokens/${id}`),
  sessions: () => api.get<SessionInfo[]>('/auth/sessions'),
  endSession: (id: string) => api.delete<void>(`/auth/sessions/${id}`),
};
