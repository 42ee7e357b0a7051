/** The management dashboard's figures (server/src/dashboard/routes.ts). */
import type { Dashboard } from '@stafette/api';
import { api } from '../api/http.ts';

export const dashboardApi = {
  get: () => api.get<Dashboard>('/dashboard'),
};
