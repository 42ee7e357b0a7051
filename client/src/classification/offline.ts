/**
 * Strictly confidential pages stay off devices: no IndexedDB copy of the live document and no
 * kept API answer. The server marks the answers a device may keep (`X-Stafette-Offline:
 * allowed`, see offline/cache-names.ts); this removes what an earlier visit left when a page
 * has become strictly confidential since.
 */
import type { ClassificationKey } from '@stafette/api';
import { API_CACHE } from '../offline/cache-names.ts';
import { deleteLocalDoc } from '../offline/local-docs.ts';

export function mayBeKeptOffline(level: ClassificationKey): boolean {
  return level !== 'streng-vertraulich';
}

/** Deletes the page's local document copy and its kept API answers (the page, its file list). */
export async function forgetOfflineCopy(userId: string, pageId: string): Promise<void> {
  await deleteLocalDoc(userId, pageId);
  if (typeof caches === 'undefined') return;
  try {
    const cache = await caches.open(API_CACHE);
    await Promise.all([`/api/v1/pages/${pageId}`, `/api/v1/pages/${pageId}/attachments`].map((url) => cache.delete(url, { ignoreVary: true })));
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}
