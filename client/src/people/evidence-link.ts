import type { PersonEvidence } from '@stafette/api';

/** Where a piece of evidence leads: the page, the step in its process, the process. */
export function evidenceHref(evidence: PersonEvidence): string | null {
  if (evidence.pageId) return `/pages/${evidence.pageId}`;
  if (evidence.processId && evidence.elementId) return `/processes/${evidence.processId}/steps/${encodeURIComponent(evidence.elementId)}`;
  if (evidence.processId) return `/processes/${evidence.processId}`;
  return null;
}
