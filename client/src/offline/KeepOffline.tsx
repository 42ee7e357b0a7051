/**
 * "Offline verfügbar machen" on a space (or on a process, which keeps its space with it): starts the download in the background (it goes on
 * while the user moves elsewhere in the app), shows its progress, then how much is stored, with
 * ways to refresh and remove it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '@stafette/api';
import { useUser } from '../session/session.tsx';
import { useFormat } from '../i18n/format.ts';
import { keepSpace, removeKeptSpace, spaceMayBeKept } from './kept-spaces.ts';
import { useKeepProgress, useKeptSpaces, useSizeFormat } from './use-kept.ts';
import './offline.css';

export function KeepOffline({ space, forProcess = false }: { space: Pick<Space, 'id' | 'name' | 'classification'>; forProcess?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const size = useSizeFormat();
  const kept = useKeptSpaces(user.id)[space.id];
  const progress = useKeepProgress(space.id);
  const [failed, setFailed] = useState(false);

  if (!spaceMayBeKept(space)) return <p className="muted keep-offline">{t('offline.keepRefused')}</p>;

  const start = () => {
    setFailed(false);
    void keepSpace(user.id, space.id).then((result) => setFailed(result === null));
  };

  return (
    <section className="keep-offline" aria-label={t('offline.keep')}>
      {progress ? (
        <div className="keep-progress" role="status">
          <span>{t('offline.keeping', { done: format.number(progress.done), total: format.number(progress.total) })}</span>
          <progress aria-label={t('offline.keepingLabel')} value={progress.done} max={Math.max(progress.total, 1)} />
        </div>
      ) : kept ? (
        <div className="keep-state">
          <p role="status">
            <strong>{t('offline.kept', { pages: t('offline.keptPages', { count: kept.pageIds.length, formattedCount: format.number(kept.pageIds.length) }), size: size(kept.bytes) })}</strong>{' '}
            <span className="muted">{t('offline.keptAt', { time: format.dateTime(kept.keptAt) })}</span>
          </p>
          {kept.skipped > 0 && <p className="muted">{t('offline.keptSkipped', { count: kept.skipped })}</p>}
          <div className="keep-actions">
            <button type="button" className="button button-secondary button-small" onClick={start} disabled={!navigator.onLine}>
              {t('offline.refresh')}
            </button>
            <button type="button" className="button button-ghost button-small" onClick={() => void removeKeptSpace(user.id, space.id)}>
              {t('offline.remove')}
            </button>
          </div>
        </div>
      ) : (
        <div className="keep-state">
          <button type="button" className="button button-secondary" onClick={start}>
            {t('offline.keep')}
          </button>
          <p className="muted">{forProcess ? t('offline.keepProcessHint', { space: space.name }) : t('offline.keepHint')}</p>
        </div>
      )}
      {failed && (
        <p className="form-error" role="alert">
          {t('offline.keepFailed')}
        </p>
      )}
    </section>
  );
}
