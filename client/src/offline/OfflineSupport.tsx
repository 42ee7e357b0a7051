/**
 * Mounted once for a signed-in user: registers the service worker, keeps the session answer
 * for a reload without network, and removes local copies another person left on this browser.
 * While online it refreshes the spaces kept offline and sends edits still waiting; started
 * offline on the start page it reopens the screen the user was on. Shows the count of waiting edits.
 */
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useUser } from '../session/session.tsx';
import { clearOtherUsersDocs } from './local-docs.ts';
import { adoptApiCacheFor, registerServiceWorker, rememberForOffline } from './service-worker.ts';
import { refreshKeptSpaces } from './kept-spaces.ts';
import { requestSendPending } from './send-pending.ts';
import { rememberRoute, routeToReopen } from './last-route.ts';
import { PendingEdits } from './PendingEdits.tsx';

/** Kept spaces are refreshed this often while the app is open and online (and when it opens, if older). */
const REFRESH_INTERVAL_MS = 15 * 60 * 1000;
/** Waiting edits are tried again this often (a socket may come back without an "online" event). */
const RESEND_INTERVAL_MS = 30 * 1000;

let reopened = false;

export function OfflineSupport() {
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const route = location.pathname + location.search;

  useEffect(() => {
    if (reopened) return;
    reopened = true;
    const target = routeToReopen(user.id, location.pathname, navigator.onLine);
    if (target) void navigate(target, { replace: true });
    // Only the route the app started on decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => rememberRoute(user.id, route), [user.id, route]);

  useEffect(() => {
    registerServiceWorker();
    void clearOtherUsersDocs(user.id);
    void adoptApiCacheFor(user.id).then(async () => {
      await rememberForOffline('/auth/session', { refresh: true });
      await rememberForOffline('/spaces');
    });
    const sendThenRefresh = (minAgeMs: number) => {
      if (!navigator.onLine) return;
      void requestSendPending(user.id).then(() => refreshKeptSpaces(user.id, minAgeMs));
    };
    // Back from the field: what changed meanwhile comes in at once.
    const whenOnline = () => sendThenRefresh(0);
    sendThenRefresh(REFRESH_INTERVAL_MS);
    const resend = setInterval(() => navigator.onLine && void requestSendPending(user.id), RESEND_INTERVAL_MS);
    const refresh = setInterval(() => navigator.onLine && void refreshKeptSpaces(user.id, REFRESH_INTERVAL_MS), REFRESH_INTERVAL_MS);
    window.addEventListener('online', whenOnline);
    return () => {
      clearInterval(resend);
      clearInterval(refresh);
      window.removeEventListener('online', whenOnline);
    };
  }, [user.id]);

  return <PendingEdits />;
}
