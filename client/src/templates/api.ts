/** The template gallery and the migration import of the REST API. */
import type { MigrationFormat, MigrationJob, MigrationJobStarted, PageTemplate, PageTemplateList } from '@stafette/api';
import { api, ApiError, getCsrfToken } from '../api/http.ts';

export const templatesApi = {
  list: (spaceId: string) => api.get<PageTemplateList>(`/templates?spaceId=${encodeURIComponent(spaceId)}`),
  get: (id: string) => api.get<PageTemplate>(`/templates/${id}`),
};

/** A background import's progress and, at the end, its summary or why it failed. */
export const importJob = (jobId: string) => api.get<MigrationJob>(`/imports/${encodeURIComponent(jobId)}`);

/**
 * Sends a wiki export (ZIP) to a space, reporting the upload's progress (XMLHttpRequest: fetch
 * has no upload progress). The server checks and reads the archive, then answers with the
 * background job that imports it (`importJob` follows it).
 */
export function importArchive(spaceId: string, format: MigrationFormat, file: File, onUpload: (fraction: number) => void): Promise<MigrationJobStarted> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/spaces/${encodeURIComponent(spaceId)}/import?format=${format}&background=true`);
    xhr.setRequestHeader('content-type', 'application/zip');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onUpload(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 202) resolve(body as MigrationJobStarted);
      else reject(new ApiError(xhr.status, (body ?? {}) as ConstructorParameters<typeof ApiError>[1]));
    };
    xhr.onerror = () => reject(new ApiError(0, {}));
    xhr.send(file);
  });
}
