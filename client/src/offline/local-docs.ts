/**
 * Local copies of live documents in IndexedDB (y-indexeddb), one database per user and
 * document, so edits made without a connection survive a reload and merge when it returns.
 * Signing out removes them all: office PCs are shared.
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { API_CACHE, LOCAL_DOC_PREFIX } from './cache-names.ts';
import { forgetAllPending } from './pending-edits.ts';
import { forgetKeptSpaces } from './kept-spaces.ts';

export function localDocName(userId: string, room: string): string {
  return `${LOCAL_DOC_PREFIX}${userId}:${room}`;
}

/** Keeps `ydoc` in IndexedDB and loads what an earlier visit left there. */
export function persistLocally(userId: string, room: string, ydoc: Y.Doc): IndexeddbPersistence {
  return new IndexeddbPersistence(localDocName(userId, room), ydoc);
}

/**
 * Deletes a database. An open connection (a tab still showing the page) delays the deletion
 * until it closes; the promise does not wait for that.
 */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

export function deleteLocalDoc(userId: string, room: string): Promise<void> {
  return deleteDatabase(localDocName(userId, room));
}

async function localDocNames(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || !indexedDB.databases) return [];
  const databases = await indexedDB.databases();
  return databases.map((db) => db.name ?? '').filter((name) => name.startsWith(LOCAL_DOC_PREFIX));
}

/** Sign-out: every local document copy, every API answer kept for offline use, the kept spaces and waiting marks. */
export async function clearOfflineData(): Promise<void> {
  forgetAllPending();
  forgetKeptSpaces();
  await Promise.all([...(await localDocNames()).map(deleteDatabase), forgetApiCache()]);
}

/** Sign-in of another person on this browser: their predecessor's local copies go. */
export async function clearOtherUsersDocs(userId: string): Promise<void> {
  const own = `${LOCAL_DOC_PREFIX}${userId}:`;
  await Promise.all((await localDocNames()).filter((name) => !name.startsWith(own)).map(deleteDatabase));
}

export async function forgetApiCache(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(API_CACHE);
}
