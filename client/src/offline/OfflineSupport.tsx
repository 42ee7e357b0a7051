/**
 * Mounted once for a signed-in user: registers the service worker, keeps the session answer
 * for a reload without network, and removes local copies another person left on this browser.
 */
import { useEffect } from 'react';
import { useUser } from '../session/session.tsx';
import { clearOtherUsersDocs } from './local-docs.ts';
import { adoptApiCacheFor, registerServiceWorker, rememberForOffline } from './service-worker.ts';

export function OfflineSupport() {
  const user = useUser();
  useEffect(() => {
    registerServiceWorker();
    void clearOtherUsersDocs(user.id);
    void adoptApiCacheFor(user.id).then(async () => {
      await rememberForOffline('/auth/session', { refresh: true });
      await rememberForOffline('/spaces');
    });
  }, [user.id]);
  return null;
}
