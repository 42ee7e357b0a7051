/**
 * The sign-in methods the instance offers (`GET /auth/providers`): the login screen shows the
 * directory's button and the "Windows-Anmeldung" hint from it. Null while loading or when the
 * server could not say: the screen then offers the plain password form.
 */
import type { AuthProviders } from '@stafette/api';
import { api } from '../api/http.ts';
import { useAsync } from '../ui/use-async.ts';

export const providersApi = {
  providers: () => api.get<AuthProviders>('/auth/providers'),
};

export function useAuthProviders(): AuthProviders | null {
  const state = useAsync(() => providersApi.providers(), []);
  return state.status === 'done' ? state.value : null;
}
