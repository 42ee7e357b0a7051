/**
 * A small label with a page's level for lists (tree, search hits, the process step panel): its
 * name in text, coloured by level. Lists show it only for levels that deserve attention.
 */
import type { ClassificationKey } from '@stafette/api';
import { useTranslation } from 'react-i18next';
import { useLevelLabel } from './use-scheme.ts';
import './classification.css';

/** `from`: the lowest level shown (default: everything above `intern`). */
export function ClassificationBadge({ level, from = 'vertraulich' }: { level: ClassificationKey; from?: 'oeffentlich' | 'vertraulich' }) {
  const { t } = useTranslation();
  const labelOf = useLevelLabel();
  const shown = from === 'oeffentlich' ? level !== 'intern' : level === 'vertraulich' || level === 'streng-vertraulich';
  if (!shown) return null;
  const label = labelOf(level);
  return (
    <span className={`classification-badge classification-${level}`} data-classification={level} title={t('classification.badge', { label })}>
      <span className="visually-hidden">{t('classification.badge', { label: '' })}</span>
      {label}
    </span>
  );
}
