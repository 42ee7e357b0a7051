/** How steps, kinds and coverage are named in the interface language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { STALE_AFTER_MONTHS, type CoverageLevel } from './coverage.ts';
import { processesDe } from './i18n.ts';
import { localName } from './model.ts';

type Kind = keyof typeof processesDe.kinds;

/** Stable while the language stays the same, so effects that depend on it do not re-run. */
export function useStepLabels() {
  const { t, i18n } = useTranslation();
  return useMemo(() => labelsFor(t, i18n.language), [t, i18n.language]);
}

function labelsFor(t: TFunction, language: string) {
  const kind = (value: string) => (value in processesDe.kinds ? t(`processes.kinds.${value as Kind}`) : value);
  return {
    language,
    kind,
    step: (step: { kind: string; name: string | null; names?: Record<string, string> }) =>
      localName(step, language) ?? t('processes.unnamed', { kind: kind(step.kind) }),
    pages: (count: number) => t('processes.pagesCount', { count }),
    coverage: (level: CoverageLevel) =>
      level === 'none' ? t('processes.legendNone') : level === 'some' ? t('processes.legendSome') : t('processes.legendStale', { months: STALE_AFTER_MONTHS }),
  };
}

export type StepLabels = ReturnType<typeof labelsFor>;
