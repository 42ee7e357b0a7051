/**
 * Knowledge coverage of a step, the one place that defines it: no attached page, pages, or
 * pages that nobody has touched for STALE_AFTER_MONTHS (knowledge likely out of date).
 */
import type { StepCoverage } from '@stafette/api';

export type CoverageLevel = 'none' | 'some' | 'stale';

export const STALE_AFTER_MONTHS = 12;

export const COVERAGE_LEVELS: readonly CoverageLevel[] = ['none', 'some', 'stale'];

export function coverageLevel(step: Pick<StepCoverage, 'pageCount' | 'lastEditedAt'> | undefined, now: Date = new Date()): CoverageLevel {
  if (!step || step.pageCount === 0) return 'none';
  if (!step.lastEditedAt) return 'some';
  const limit = new Date(now);
  limit.setMonth(limit.getMonth() - STALE_AFTER_MONTHS);
  return new Date(step.lastEditedAt) < limit ? 'stale' : 'some';
}
