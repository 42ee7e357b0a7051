/** The signed-in user's own account: password, sessions and personal API tokens. */
import type { ApiToken, CreatedApiToken, RecoveryCodes, SecuritySettings, Session, SessionInfo, TotpEnrolment, TotpStatus } from '@stafette/api';
import { api } from '../api/http.ts';

export const profileApi = {
  /** `revokeTokens`: the server revokes every personal API token too (its default). */
  /** `totpCode`: with two-factor sign-in on, when the server asks for it (second-factor-required). */
  changePassword: (currentPassword: string, newPassword: string, revokeTokens: boolean, totpCode?: string) =>
    api.post<void>('/auth/password', { currentPassword, newPassword, revokeTokens, ...(totpCode ? { totpCode } : {}) }),
  tokens: () => api.get<ApiToken[]>('/auth/tokens'),
  /** `spaceIds`: limit the token to these spaces (empty: no limit). */
  createToken: (name: string, expiresAt: string | null, readOnly: boolean, spaceIds: string[] = [], totpCode?: string) =>
    api.post<CreatedApiToken>('/auth/tokens', {
      name,
      readOnly,
      ...(expiresAt ? { expiresAt } : {}),
      ...(spaceIds.length > 0 ? { spaceIds } : {}),
      ...(totpCode ? { totpCode } : {}),
    }),
  revokeToken: (id: string) => api.delete<void>(`/auth/tokens/${id}`),
  sessions: () => api.get<SessionInfo[]>('/auth/sessions'),
  endSession: (id: string) => api.delete<void>(`/auth/sessions/${id}`),
};

/** Two-factor sign-in (TOTP): the own state, enrolment, recovery codes, switching off; the second sign-in step. */
export const twoFactorApi = {
  status: () => api.get<TotpStatus>('/auth/totp'),
  enrol: () => api.post<TotpEnrolment>('/auth/totp/enrolment', {}),
  confirm: (code: string) => api.post<RecoveryCodes>('/auth/totp/confirm', { code }),
  renewCodes: (code: string) => api.post<RecoveryCodes>('/auth/totp/recovery-codes', { code }),
  disable: (password: string, proof: { code: string } | { recoveryCode: string }) => api.post<void>('/auth/totp/disable', { password, ...proof }),
  login: (challenge: string, proof: { code: string } | { recoveryCode: string }) => api.post<Session>('/auth/login/totp', { challenge, ...proof }),
  settings: () => api.get<SecuritySettings>('/admin/security'),
  saveSettings: (settings: SecuritySettings) => api.put<SecuritySettings>('/admin/security', settings),
  resetUser: (userId: string) => api.delete<void>(`/users/${userId}/totp`),
};
