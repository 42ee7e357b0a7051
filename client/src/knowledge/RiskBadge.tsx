/** The risk score as a coloured badge; the level is spelled out for screen readers and print. */
import { useTranslation } from 'react-i18next';
import type { RiskLevel } from '@stafette/api';

export function RiskBadge({ score, level }: { score: number; level: RiskLevel }) {
  const { t } = useTranslation();
  const levelText = t(`knowledge.level_${level}`);
  return (
    <span className={`risk-badge risk-${level}`} title={t('knowledge.scoreLabel', { score, level: levelText })}>
      <span aria-hidden="true">{score}</span>
      <span className="visually-hidden">{t('knowledge.scoreLabel', { score, level: levelText })}</span>
    </span>
  );
}
