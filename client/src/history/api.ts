/** Versions, export and import of pages (content issue's routes). */
import type { Diff, ExportFormat, ImportedPage, ImportPageInput, RestoredVersion, Version, VersionSummary } from '@stafette/api';
import { api, ApiError, getCsrfToken } from '../api/http.ts';

export const versionsApi = {
  list: (pageId: string) => api.get<VersionSummary[]>(`/pages/${pageId}/versions?limit=200`),
  get: (pageId: string, versionId: string) => api.get<Version>(`/pages/${pageId}/versions/${versionId}`),
  diffWithCurrent: (pageId: string, versionId: string) => api.get<Diff>(`/pages/${pageId}/versions/${versionId}/diff?against=current`),
  restore: (pageId: string, versionId: string) => api.post<RestoredVersion>(`/pages/${pageId}/versions/${versionId}/restore`, {}),
  create: (pageId: string, label: string | null) => api.post<VersionSummary>(`/pages/${pageId}/versions`, label ? { label } : {}),
};

export const importApi = {
  markdown: (input: ImportPageInput) => api.post<ImportedPage>('/pages/import', input),
  /** A Word (.docx) or LibreOffice (.odt) file as a new page, sent as multipart (field `file`). */
  document: async (input: { spaceId: string; parentId: string | null; file: File }): Promise<ImportedPage> => {
    const form = new FormData();
    form.set('spaceId', input.spaceId);
    if (input.parentId) form.set('parentId', input.parentId);
    form.set('file', input.file, input.file.name);
    const csrf = getCsrfToken();
    const response = await fetch('/api/v1/pages/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: form,
    });
    const data = (await response.json().catch(() => ({ title: response.statusText }))) as ImportedPage;
    if (!response.ok) throw new ApiError(response.status, data as unknown as ConstructorParameters<typeof ApiError>[1]);
    return data;
  },
};

/** Office documents the import takes as files; everything else is read as Markdown text. */
export function isOfficeDocument(name: string): boolean {
  return /\.(docx|odt)$/i.test(name);
}

/** The export route answers with a file (Content-Disposition: attachment); the browser saves it. */
export function exportUrl(pageId: string, format: ExportFormat, subtree = false): string {
  return `/api/v1/pages/${pageId}/export?format=${format}${subtree ? '&subtree=true' : ''}`;
}
