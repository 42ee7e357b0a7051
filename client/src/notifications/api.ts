/** Calls of the notification and mail-preference routes (server/src/notifications, server/src/mail). */
import type { MailMode, MailPreferences, NotificationKind, NotificationList, UnreadCount, Watch } from '@stafette/api';
import { api } from '../api/http.ts';

export const notificationsApi = {
  list: (unread: boolean) => api.get<NotificationList>(`/notifications?limit=30${unread ? '&unread=true' : ''}`),
  read: (ids: string[]) => api.post<UnreadCount>('/notifications/read', { ids }),
  readAll: () => api.post<UnreadCount>('/notifications/read', { all: true }),
  watch: (pageId: string) => api.get<Watch>(`/pages/${pageId}/watch`),
  setWatch: (pageId: string, watching: boolean) => api.put<Watch>(`/pages/${pageId}/watch`, { watching }),
  preferences: () => api.get<MailPreferences>('/notifications/preferences'),
  setPreferences: (preferences: Partial<Record<NotificationKind, MailMode>>) => api.put<MailPreferences>('/notifications/preferences', { preferences }),
};

/** The live unread count (server-sent events); EventSource reconnects by itself. */
export function watchUnreadCount(onCount: (unread: number) => void): () => void {
  const source = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
  source.addEventListener('count', (event) => onCount((JSON.parse((event as MessageEvent<string>).data) as UnreadCount).unread));
  return () => source.close();
}
