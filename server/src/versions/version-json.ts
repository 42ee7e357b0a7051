import type { VersionSummary as VersionSummaryJson } from '@stafette/api';
import type { VersionSummary } from './version-store.ts';

export function versionSummaryJson(v: VersionSummary): VersionSummaryJson {
  return {
    id: v.id,
    pageId: v.pageId,
    number: v.number,
    kind: v.kind,
    label: v.label,
    restoredFrom: v.restoredFrom,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
  };
}
