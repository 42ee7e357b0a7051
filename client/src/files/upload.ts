/**
 * Sends one file to a page (`POST /api/v1/pages/:id/attachments`) with upload progress, which
 * fetch cannot report: XMLHttpRequest with the session cookie and the CSRF token.
 */
import type { Attachment } from '@stafette/api';
import { ApiError, getCsrfToken, type ReceivedProblem } from '../api/http.ts';

/** The request never reached the server (offline, connection lost): worth retrying when back online. */
export class UploadNetworkError extends Error {}

export function uploadAttachment(pageId: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/pages/${encodeURIComponent(pageId)}/attachments`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new UploadNetworkError('network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = { title: xhr.responseText };
      }
      if (xhr.status === 201) resolve(data as Attachment);
      else reject(new ApiError(xhr.status, (data ?? {}) as ReceivedProblem));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Window event (detail `{ pageId }`) after the editor attached a file, so lists of the page's files reload. */
export const ATTACHMENT_UPLOADED = 'stafette:attachment-uploaded';

/** Types the server shows inline, which the editor inserts as images; everything else becomes a file card. */
export const INLINE_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);

/** "2,4 MB" / "512 KB" / "80 Bytes" in the given locale. */
export function formatSize(bytes: number, locale: string): string {
  const lang = locale === 'en' ? 'en-GB' : 'de-DE';
  if (bytes < 1024) return `${new Intl.NumberFormat(lang).format(bytes)} ${locale === 'en' ? 'bytes' : 'Bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ${units[unit]}`;
}

/** A short word for the kind of file, for the card's icon and its accessible name. */
export function fileKind(type: string): 'pdf' | 'document' | 'spreadsheet' | 'presentation' | 'image' | 'archive' | 'text' | 'other' {
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (/wordprocessingml|opendocument\.text|msword|rtf/.test(type)) return 'document';
  if (/spreadsheetml|opendocument\.spreadsheet|ms-excel|text\/csv/.test(type)) return 'spreadsheet';
  if (/presentationml|opendocument\.presentation|ms-powerpoint/.test(type)) return 'presentation';
  if (/zip|x-7z|x-tar|gzip|x-rar/.test(type)) return 'archive';
  if (type.startsWith('text/')) return 'text';
  return 'other';
}
