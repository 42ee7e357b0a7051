/** Versions, export and import of pages (content issue's routes). */
import type { Diff, ExportFormat, ImportedPage, ImportPageInput, RestoredVersion, Version, VersionSummary } from '@stafette/api';
import { api } from '../api/http.ts';

export const versionsApi = {
  list: (pageId: string) => api.get<VersionSummary[]>(`/pages/${pageId}/versions?limit=200`),
  get: (pageId: string, versionId: string) => api.get<Version>(`/pages/${pageId}/versions/${versionId}`),
  diffWithCurrent: (pageId: string, versionId: string) => api.get<Diff>(`/pages/${pageId}/versions/${versionId}/diff?against=current`),
  restore: (pageId: string, versionId: string) => api.post<RestoredVersion>(`/pages/${pageId}/versions/${versionId}/restore`, {}),
  create: (pageId: string, label: string | null) => api.post<VersionSummary>(`/pages/${pageId}/versions`, label ? { label } : {}),
};

export const importApi = {
  markdown: (input: ImportPageInput) => api.post<ImportedPage>('/pages/import', input),
};

/** The export route answers with a file (Content-Disposition: attachment); the browser saves it. */
export function exportUrl(pageId: string, format: ExportFormat): string {
  return `/api/v1/pages/${pageId}/export?format=${format}`;
}
