/** Watch or unwatch a page: watchers hear of its changes (once per hour) and of new comments. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationsApi } from './api.ts';

export function WatchButton({ pageId }: { pageId: string }) {
  const { t } = useTranslation();
  const [watching, setWatching] = useState<boolean | null>(null);
  useEffect(() => {
    let stale = false;
    void notificationsApi.watch(pageId).then(
      (w) => !stale && setWatching(w.watching),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [pageId]);
  if (watching === null) return null;
  return (
    <button
      type="button"
      className="button button-ghost button-small"
      aria-pressed={watching}
      title={t('notifications.watchHint')}
      onClick={() => void notificationsApi.setWatch(pageId, !watching).then((w) => setWatching(w.watching))}
    >
      {watching ? t('notifications.watching') : t('notifications.watch')}
    </button>
  );
}
