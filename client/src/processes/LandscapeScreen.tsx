/**
 * The process landscape of a space ("Prozesslandkarte"): every process as a card, grouped by
 * category, with coverage, knowledge risk, owner and last change; sortable. The entry point for
 * new staff, linked from the space screen.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LandscapeCard, RiskLevel } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { useFormat } from '../i18n/format.ts';
import { Breadcrumbs } from '../ui/Breadcrumbs.tsx';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';
import { processesApi } from './api.ts';
import { processPath } from './paths.ts';
import './processes.css';

type SortKey = 'name' | 'coverage' | 'risk' | 'changed';
/** Shapes per risk level, so the level never depends on colour alone. */
const RISK_SYMBOL: Record<RiskLevel, string> = { high: '▲', medium: '◆', low: '●' };

const coverageShare = (card: LandscapeCard) => (card.stepCount === 0 ? 0 : card.coveredCount / card.stepCount);

const SORTS: Record<SortKey, (a: LandscapeCard, b: LandscapeCard) => number> = {
  name: (a, b) => a.name.localeCompare(b.name, 'de'),
  coverage: (a, b) => coverageShare(a) - coverageShare(b) || a.name.localeCompare(b.name, 'de'),
  risk: (a, b) => (b.risk.maxScore ?? -1) - (a.risk.maxScore ?? -1) || a.name.localeCompare(b.name, 'de'),
  changed: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
};

export function LandscapeScreen() {
  const { spaceId = '' } = useParams();
  const { t } = useTranslation();
  const loaded = useAsync(async () => {
    const [space, landscape] = await Promise.all([spacesApi.get(spaceId), processesApi.landscape(spaceId)]);
    return { space, landscape };
  }, [spaceId]);
  useActiveSpace(spaceId);
  useDocumentTitle(t('processes.landscape'));
  const [sort, setSort] = useState<SortKey>('name');
  const groups = useMemo(
    () => (loaded.status === 'done' ? loaded.value.landscape.categories.map((group) => ({ ...group, processes: [...group.processes].sort(SORTS[sort]) })) : []),
    [loaded, sort],
  );

  if (loaded.status !== 'done') return <ScreenPending state={loaded} />;
  const { space } = loaded.value;
  return (
    <div className="landscape-screen">
      <Breadcrumbs label={t('processes.breadcrumbs')} trail={[{ to: `/spaces/${space.id}`, label: space.name }]} current={t('processes.landscape')} />
      <h1>{t('processes.landscape')}</h1>
      <p className="muted landscape-intro">{t('processes.landscapeIntro')}</p>
      {groups.length === 0 ? (
        <p>{t('processes.landscapeEmpty')}</p>
      ) : (
        <>
          <label className="landscape-sort">
            {t('processes.landscapeSort')}{' '}
            <select value={sort} onChange={(event) => setSort(event.target.value as SortKey)} data-testid="landscape-sort">
              <option value="name">{t('processes.sortName')}</option>
              <option value="coverage">{t('processes.sortCoverage')}</option>
              <option value="risk">{t('processes.sortRisk')}</option>
              <option value="changed">{t('processes.sortChanged')}</option>
            </select>
          </label>
          {groups.map((group, index) => (
            <section key={group.category ?? ''} className="landscape-group" aria-labelledby={`landscape-group-${index}`}>
              <h2 id={`landscape-group-${index}`}>
                {group.category ?? t('processes.noCategory')}{' '}
                <span className="muted landscape-count">({t('processes.categoryCount', { count: group.processes.length })})</span>
              </h2>
              <ul className="landscape-cards">
                {group.processes.map((card) => (
                  <li key={card.id}>
                    <ProcessCard card={card} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  );
}

function ProcessCard({ card }: { card: LandscapeCard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = Math.round(coverageShare(card) * 100);
  const level = card.risk.level;
  return (
    <article className="landscape-card" aria-labelledby={`card-${card.id}`} data-process-card={card.id}>
      <h3 id={`card-${card.id}`} className="landscape-card-title">
        <Link to={processPath(card.id)}>{card.name}</Link>
      </h3>
      <p className="landscape-coverage">
        <meter min={0} max={card.stepCount || 1} value={card.coveredCount} aria-hidden="true" />{' '}
        {t('processes.cardCoverage', { covered: card.coveredCount, total: card.stepCount, percent })}
      </p>
      <p className={`landscape-risk${level ? ` landscape-risk-${level}` : ''}`}>
        {level ? (
          <>
            <span aria-hidden="true" className="landscape-risk-symbol">
              {RISK_SYMBOL[level]}
            </span>{' '}
            {t('processes.cardRisk', { level: t(`processes.riskLevels.${level}`) })}
            {card.risk.highCount > 0 && <> · {t('processes.cardRiskHigh', { count: card.risk.highCount })}</>}
          </>
        ) : (
          t('processes.cardRiskNone')
        )}
      </p>
      <p>{card.owner ? t('processes.cardOwner', { name: card.owner.displayName }) : t('processes.cardNoOwner')}</p>
      <p className="muted">
        {card.updatedBy
          ? t('processes.cardChangedBy', { when: format.relative(card.updatedAt), name: card.updatedBy.displayName })
          : t('processes.cardChanged', { when: format.relative(card.updatedAt) })}
      </p>
    </article>
  );
}

