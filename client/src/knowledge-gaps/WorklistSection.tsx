/** The knowledge managers' worklist: what is missing or overdue, each list with a link to act on. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../i18n/format.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { gapsApi } from './api.ts';

const HORIZON_DAYS = 180;

export function WorklistSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useAsync(() => gapsApi.worklist(HORIZON_DAYS), []);
  const day = (d: string) => format.date(`${d}T12:00:00Z`);

  return (
    <section aria-labelledby="worklist-heading" className="worklist">
      <h2 id="worklist-heading">{t('gaps.worklist')}</h2>
      <p className="muted">{t('gaps.worklistIntro')}</p>
      <Loaded state={list}>
        {(w) => (
          <div className="worklist-grid">
            <Group id="wl-steps" title={t('gaps.stepsWithoutPages', { count: w.stepsWithoutPages.length })}>
              {w.stepsWithoutPages.map((s) => (
                <li key={`${s.processId}/${s.elementId}`}>
                  <Link to={`/processes/${s.processId}/steps/${encodeURIComponent(s.elementId)}`}>{s.name ?? s.elementId}</Link>
                  <span className="page-list-meta"> · {s.processName} · {s.spaceName}</span>
                </li>
              ))}
            </Group>
            <Group id="wl-pages" title={t('gaps.pagesWithoutResponsible', { count: w.pagesWithoutResponsible.length })}>
              {w.pagesWithoutResponsible.map((p) => (
                <li key={p.pageId}>
                  <Link to={`/pages/${p.pageId}`}>{p.title}</Link>
                  <span className="page-list-meta">
                    {' '}
                    · {p.spaceName}
                    {p.formerResponsible && ` · ${t('gaps.formerResponsible', { name: p.formerResponsible })}`}
                  </span>
                </li>
              ))}
            </Group>
            <Group id="wl-reviews" title={t('gaps.overdueReviews', { count: w.overdueReviews.length })}>
              {w.overdueReviews.map((p) => (
                <li key={p.pageId}>
                  <Link to={`/pages/${p.pageId}`}>{p.title}</Link>
                  <span className="page-list-meta"> · {t('gaps.dueSince', { name: p.responsible, date: day(p.dueDate) })}</span>
                </li>
              ))}
            </Group>
            <Group id="wl-interviews" title={t('gaps.interviewsNotStarted', { count: w.interviewsNotStarted.length })}>
              {w.interviewsNotStarted.map((p) => (
                <li key={p.userId}>
                  <Link to={`/people/${p.userId}`}>{p.displayName}</Link>
                  <span className="page-list-meta">
                    {' '}
                    · {t('gaps.leavesOn', { date: day(p.departureDate) })} ·{' '}
                    {p.interviewId ? <Link to={`/interviews/${p.interviewId}`}>{t('gaps.interviewPlanned')}</Link> : t('gaps.noInterview')}
                  </span>
                </li>
              ))}
            </Group>
          </div>
        )}
      </Loaded>
    </section>
  );
}

function Group({ id, title, children }: { id: string; title: string; children: ReactNode[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children.length === 0 ? <p className="muted">{t('gaps.nothing')}</p> : <ul className="worklist-items">{children}</ul>}
    </section>
  );
}
