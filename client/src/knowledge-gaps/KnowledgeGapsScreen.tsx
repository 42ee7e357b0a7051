/**
 * "Gesucht, nicht gefunden" (/knowledge-gaps), for knowledge managers and admins: what people
 * searched without result, how often and where, with one click to have the page written; below
 * it the worklist of what is missing or overdue.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { KnowledgeGap } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { gapsApi } from './api.ts';
import { GapPageDialog } from './GapPageDialog.tsx';
import { WorklistSection } from './WorklistSection.tsx';
import { SynonymSection } from '../search/SynonymSection.tsx';
import './gaps.css';

const PERIODS = [30, 90, 365] as const;

export function KnowledgeGapsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const [days, setDays] = useState<number>(90);
  const gaps = useAsync(() => gapsApi.list(days), [days]);
  const [writing, setWriting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t('gaps.title'));

  return (
    <div className="content content-wide">
      <h1>{t('gaps.title')}</h1>
      <p className="muted">{t('gaps.intro')}</p>
      <div className="field gaps-period">
        <label htmlFor="gaps-period">{t('gaps.period')}</label>
        <select id="gaps-period" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {PERIODS.map((d) => (
            <option key={d} value={d}>
              {t('gaps.days', { count: d })}
            </option>
          ))}
        </select>
      </div>
      <Notice message={notice} onDone={() => setNotice(null)} />
      <Loaded state={gaps}>
        {(list) =>
          list.items.length === 0 ? (
            <p className="muted">{t('gaps.empty')}</p>
          ) : (
            <table className="gaps-table">
              <caption className="visually-hidden">{t('gaps.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gaps.colQuery')}</th>
                  <th scope="col">{t('gaps.colCount')}</th>
                  <th scope="col">{t('gaps.colTrend')}</th>
                  <th scope="col">{t('gaps.colSpaces')}</th>
                  <th scope="col">{t('gaps.colLast')}</th>
                  <th scope="col">{t('gaps.colAction')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((gap) => (
                  <tr key={gap.query}>
                    <th scope="row">{gap.query}</th>
                    <td>
                      <strong>{gap.count}</strong>
                      <span className="gaps-breakdown">{t('gaps.breakdown', { noHits: gap.noHits, noClick: gap.noClick })}</span>
                    </td>
                    <td>
                      <Trend gap={gap} />
                    </td>
                    <td>{gap.spaces.length === 0 ? <span className="muted">{t('gaps.allSpaces')}</span> : gap.spaces.map((s) => `${s.name} (${s.count})`).join(', ')}</td>
                    <td>
                      <time dateTime={gap.lastSearched}>{format.date(gap.lastSearched)}</time>
                    </td>
                    <td>
                      {gap.pageId ? (
                        <Link to={`/pages/${gap.pageId}`}>{t('gaps.pageCreated')}</Link>
                      ) : (
                        <button type="button" className="button button-secondary button-small" aria-label={t('gaps.createPageFor', { query: gap.query })} onClick={() => setWriting(gap.query)}>
                          {t('gaps.createPage')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      <GapPageDialog
        query={writing}
        onClose={() => setWriting(null)}
        onCreated={(page) => {
          setWriting(null);
          setNotice(t('gaps.created', { title: page.title }));
          gaps.reload();
        }}
      />
      <WorklistSection />
      <SynonymSection />
    </div>
  );
}

/** Searches per week as small bars; the numbers are in the list that screen readers get. */
function Trend({ gap }: { gap: KnowledgeGap }) {
  const { t } = useTranslation();
  const format = useFormat();
  const max = Math.max(1, ...gap.weeks.map((w) => w.count));
  return (
    <>
      <span className="gaps-trend" aria-hidden="true">
        {gap.weeks.map((w) => (
          <span key={w.week} className="gaps-bar" style={{ height: `${Math.max(3, Math.round((w.count / max) * 24))}px` }} title={t('gaps.week', { date: format.date(`${w.week}T12:00:00Z`), count: w.count })} />
        ))}
      </span>
      <ul className="visually-hidden">
        {gap.weeks.map((w) => (
          <li key={w.week}>{t('gaps.week', { date: format.date(`${w.week}T12:00:00Z`), count: w.count })}</li>
        ))}
      </ul>
    </>
  );
}
