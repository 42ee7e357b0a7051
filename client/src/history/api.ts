/** Versions, export and import of pages (content issue's routes). */
import type { PMNodeJSON } from '@stafette/schema';
import { api } from '../api/http.ts';
import type { Page } from '../api/types.ts';

export interface VersionSummary {
  id: string;
  pageId: string;
  number: number;
  kind: 'auto' | 'manual' | 'restore';
  label: string | null;
  restoredFrom: string | null;
  createdAt: string;
  createdBy: { id: string; displayName: string } | null;
}

export interface Version extends VersionSummary {
  doc: PMNodeJSON;
  markdown: string | null;
  text: string;
}

export interface DiffWord {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface Diff {
  identical: boolean;
  added: number;
  removed: number;
  lines: Array<{ op: DiffWord['op']; text: string; words?: DiffWord[] }>;
  /** A size or time bound cut the detail (no word marks, or a block shown as replaced). */
  coarse: boolean;
}

export const versionsApi = {
  list: (pageId: string) => api.get<VersionSummary[]>(`/pages/${pageId}/versions?limit=200`),
  get: (pageId: string, versionId: string) => api.get<Version>(`/pages/${pageId}/versions/${versionId}`),
  diffWithCurrent: (pageId: string, versionId: string) => api.get<Diff>(`/pages/${pageId}/versions/${versionId}/diff?against=current`),
  restore: (pageId: string, versionId: string) => api.post<unknown>(`/pages/${pageId}/versions/${versionId}/restore`, {}),
  create: (pageId: string, label: string | null) => api.post<VersionSummary>(`/pages/${pageId}/versions`, label ? { label } : {}),
};

export const importApi = {
  markdown: (input: { spaceId: string; parentId: string | null; title: string; markdown: string }) => api.post<Page>('/pages/import', input),
};

export type ExportFormat = 'markdown' | 'html';

/** The export route answers with a file (Content-Disposition: attachment); the browser saves it. */
export function exportUrl(pageId: string, format: ExportFormat): string {
  return `/api/v1/pages/${pageId}/export?format=${format}`;
}
