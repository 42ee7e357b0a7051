/**
 * Start-page card of the newcomer's reading paths: progress, each item with its note, "read and
 * understood", and pages that changed since they were read. Renders nothing without a path.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyReadingPath } from '@stafette/api';
import { useAsync } from '../ui/use-async.ts';
import { useAction } from '../ui/use-action.ts';
import { FormError } from '../ui/FormError.tsx';
import { onboardingApi } from './api.ts';
import { itemHref } from './item-link.ts';
import './onboarding.css';

export function ReadingPathCard() {
  const { t } = useTranslation();
  const paths = useAsync(() => onboardingApi.mine(), []);
  const action = useAction();
  if (paths.status !== 'done' || paths.value.length === 0) return null;

  const mark = (path: MyReadingPath, index: number) => action.run(async () => paths.set(await onboardingApi.markDone(path.id, index)));

  return (
    <section aria-labelledby="reading-paths-heading" className="panel reading-paths">
      <h2 id="reading-paths-heading">{t('onboarding.myHeading')}</h2>
      <FormError message={action.error} />
      {paths.value.map((path) => (
        <article key={path.id} className="reading-path" aria-labelledby={`path-${path.id}`}>
          <div className="reading-path-head">
            <h3 id={`path-${path.id}`}>{path.title}</h3>
            <span className="reading-path-count">{t('onboarding.progress', { done: path.done, total: path.total })}</span>
          </div>
          <progress className="reading-path-bar" max={path.total} value={path.done} aria-label={t('onboarding.progressLabel', { title: path.title })} />
          {path.assignedBy && <p className="page-list-meta">{t('onboarding.assignedBy', { name: path.assignedBy.displayName })}</p>}
          <ol className="reading-path-items">
            {path.items.map((item) => (
              <li key={item.index} className={item.done ? 'reading-item reading-item-done' : 'reading-item'}>
                <div className="reading-item-main">
                  <span className="reading-item-kind">{item.kind === 'page' ? t('onboarding.kindPage') : t('onboarding.kindStep')}</span>
                  {item.available ? (
                    <Link to={itemHref(item)} className="page-list-title">
                      {item.title}
                    </Link>
                  ) : (
                    <span className="muted">{t('onboarding.unavailable')}</span>
                  )}
                  {item.context && <span className="page-list-meta"> · {item.context}</span>}
                  {item.changedSinceRead && <span className="reading-item-changed">{t('onboarding.changedSinceRead')}</span>}
                  {item.note && <p className="reading-item-note">{item.note}</p>}
                </div>
                {item.done ? (
                  <span className="reading-item-state">✓ {t('onboarding.read')}</span>
                ) : (
                  item.available && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={action.busy}
                      onClick={() => void mark(path, item.index)}
                    >
                      {item.changedSinceRead ? t('onboarding.readAgain') : t('onboarding.markRead')}
                      <span className="visually-hidden">: {item.title}</span>
                    </button>
                  )
                )}
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
