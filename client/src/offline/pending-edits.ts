/**
 * Which pages hold edits made on this device that the server has not confirmed yet, per user
 * (localStorage, so the count survives a reload without network). The editor marks a page when
 * it is edited while not live; page-sync.ts clears the mark once the server's state vector shows
 * the edits arrived.
 */
const PREFIX = 'stafette.pending:';

const listeners = new Set<() => void>();
const snapshots = new Map<string, readonly string[]>();

function key(userId: string): string {
  return `${PREFIX}${userId}`;
}

function read(userId: string): readonly string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function write(userId: string, pageIds: readonly string[]): void {
  if (pageIds.length === 0) localStorage.removeItem(key(userId));
  else localStorage.setItem(key(userId), JSON.stringify(pageIds));
  snapshots.delete(userId);
  for (const listener of listeners) listener();
}

/** The pages with unconfirmed edits (a stable array until it changes, for useSyncExternalStore). */
export function pendingPages(userId: string): readonly string[] {
  let snapshot = snapshots.get(userId);
  if (!snapshot) {
    snapshot = read(userId);
    snapshots.set(userId, snapshot);
  }
  return snapshot;
}

export function markPending(userId: string, pageId: string): void {
  const pages = pendingPages(userId);
  if (!pages.includes(pageId)) write(userId, [...pages, pageId]);
}

export function clearPending(userId: string, pageId: string): void {
  const pages = pendingPages(userId);
  if (pages.includes(pageId)) write(userId, pages.filter((id) => id !== pageId));
}

export function subscribePending(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same browser sent or made edits.
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) {
      snapshots.clear();
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Sign-out: the marks go with the local copies they describe. */
export function forgetAllPending(): void {
  for (const name of Object.keys(localStorage)) if (name.startsWith(PREFIX)) localStorage.removeItem(name);
  snapshots.clear();
  for (const listener of listeners) listener();
}
