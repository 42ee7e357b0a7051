/** What the user is told for a refused classification change or export (by problem type). */
import type { TFunction } from 'i18next';
import type { ProblemSlug } from '@stafette/api/problems';

const SLUGS = ['classification-below-space', 'classification-below-parent', 'classification-downgrade-denied', 'classification-export-denied'] as const;

export function classificationProblem(slug: ProblemSlug | null, t: TFunction): string | null {
  const known = SLUGS.find((s) => s === slug);
  return known ? t(`classification.errors.${known}`) : null;
}
