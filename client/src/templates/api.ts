/** The template gallery and the migration import of the REST API. */
import type { MigrationFormat, MigrationResult, PageTemplate, PageTemplateList } from '@stafette/api';
import { api, ApiError, getCsrfToken } from '../api/http.ts';

export const templatesApi = {
  list: (spaceId: string) => api.get<PageTemplateList>(`/templates?spaceId=${encodeURIComponent(spaceId)}`),
  get: (id: string) => api.get<PageTemplate>(`/templates/${id}`),
};

/**
 * Sends a wiki export (ZIP) to a space, reporting the upload's progress (XMLHttpRequest: fetch
 * has no upload progress). Resolves with the summary once the server has imported it.
 */
export function importArchive(spaceId: string, format: MigrationFormat, file: File, onUpload: (fraction: number) => void): Promise<MigrationResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/spaces/${encodeURIComponent(spaceId)}/import?format=${format}`);
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
      if (xhr.status === 200) resolve(body as MigrationResult);
      else reject(new ApiError(xhr.status, (body ?? {}) as ConstructorParameters<typeof ApiError>[1]));
    };
    xhr.onerror = () => reject(new ApiError(0, {}));
    xhr.send(file);
  });
}
