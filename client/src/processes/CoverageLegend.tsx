/** What the badge colours and icons mean. */
import { useTranslation } from 'react-i18next';
import { CoverageBadge } from './badge.tsx';
import { COVERAGE_LEVELS } from './coverage.ts';
import type { StepLabels } from './labels.ts';

export function CoverageLegend({ labels }: { labels: StepLabels }) {
  const { t } = useTranslation();
  return (
    <section className="coverage-legend" aria-labelledby="coverage-legend-title">
      <h2 id="coverage-legend-title" className="coverage-legend-title">
        {t('processes.legend')}
      </h2>
      <ul>
        {COVERAGE_LEVELS.map((level) => (
          <li key={level}>
            <CoverageBadge level={level} />
            <span>{labels.coverage(level)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
