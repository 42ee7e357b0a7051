/** Calls of the publishing routes (server/src/publishing). */
import type { Publication, PublishingSettings, UpdatePublishingSettingsInput } from '@stafette/api';
import { api } from '../api/http.ts';

export type PublishTarget = 'pages' | 'processes';

export const publishingApi = {
  status: (target: PublishTarget, id: string) => api.get<Publication>(`/${target}/${id}/publish`),
  publish: (target: PublishTarget, id: string, subtree: boolean) => api.post<Publication>(`/${target}/${id}/publish`, target === 'pages' ? { subtree } : {}),
  unpublish: (target: PublishTarget, id: string) => api.delete<Publication>(`/${target}/${id}/publish`),
  settings: () => api.get<PublishingSettings>('/admin/publishing'),
  updateSettings: (input: UpdatePublishingSettingsInput) => api.put<PublishingSettings>('/admin/publishing', input),
};
