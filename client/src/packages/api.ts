/**
 * Process packages (`.stafette.zip`): the import sends the picked file's bytes as
 * application/zip, once as a dry run for the preview and once to import it.
 */
import type { PackageImportResult, PackagePreview } from '@stafette/api';
import { ApiError, getCsrfToken, type ReceivedProblem } from '../api/http.ts';

async function sendZip<T>(path: string, file: Blob): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/zip' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  if (!response.ok) {
    let problem: ReceivedProblem = { title: response.statusText };
    try {
      problem = (await response.json()) as ReceivedProblem;
    } catch {
      // Not problem+json (a proxy's error page): the status text has to do.
    }
    throw new ApiError(response.status, problem);
  }
  return (await response.json()) as T;
}

export const packagesApi = {
  preview: (spaceId: string, file: Blob) => sendZip<PackagePreview>(`/processes/import-package?spaceId=${spaceId}&dryRun=true`, file),
  import: (spaceId: string, file: Blob, parentId: string | null = null) =>
    sendZip<PackageImportResult>(`/processes/import-package?spaceId=${spaceId}${parentId ? `&parentId=${parentId}` : ''}`, file),
};
