/** "Offline gespeichert" in the profile: every space kept on this device, its size, and removal. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../session/session.tsx';
import { useFormat } from '../i18n/format.ts';
import { Notice } from '../ui/Notice.tsx';
import { removeKeptSpace } from './kept-spaces.ts';
import { useKeptSpaces, useSizeFormat } from './use-kept.ts';
import './offline.css';

export function KeptOfflineSection() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const size = useSizeFormat();
  const kept = Object.values(useKeptSpaces(user.id)).sort((a, b) => a.name.localeCompare(b.name));
  const [notice, setNotice] = useState<string | null>(null);
  const pages = (count: number) => t('offline.keptPages', { count, formattedCount: format.number(count) });
  const totalPages = kept.reduce((sum, space) => sum + space.pageIds.length, 0);
  const totalBytes = kept.reduce((sum, space) => sum + space.bytes, 0);

  return (
    <section className="panel profile-section" aria-labelledby="kept-offline-heading">
      <h2 id="kept-offline-heading">{t('offline.savedTitle')}</h2>
      {kept.length === 0 ? (
        <p className="muted">{t('offline.savedEmpty')}</p>
      ) : (
        <>
          <p>{t('offline.savedTotal', { pages: pages(totalPages), size: size(totalBytes) })}</p>
          <ul className="kept-list">
            {kept.map((space) => (
              <li key={space.id}>
                <div>
                  <Link to={`/spaces/${space.id}`}>{space.name}</Link>
                  <span className="muted">
                    {' '}
                    {pages(space.pageIds.length)}, {size(space.bytes)} · {t('offline.keptAt', { time: format.dateTime(space.keptAt) })}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button-ghost button-small"
                  aria-label={`${t('offline.remove')}: ${space.name}`}
                  onClick={() => void removeKeptSpace(user.id, space.id).then(() => setNotice(t('offline.removed', { name: space.name })))}
                >
                  {t('offline.remove')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <Notice message={notice} onDone={() => setNotice(null)} />
    </section>
  );
}
