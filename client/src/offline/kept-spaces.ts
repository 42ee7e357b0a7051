/**
 * Spaces kept offline for the day out: their pages (the live document into IndexedDB, the page
 * answer with its rendered body into the API cache), the images in those pages and the space's
 * processes with their BPMN diagrams. Kept per user in localStorage with what it took, refreshed
 * while online (OfflineSupport) and removable. Classification decides page by page: strictly
 * confidential pages stay off the device, as for single pages (classification/offline.ts), and the
 * server's offline marker on each answer is checked again before anything is stored.
 */
import type { Page, Process, ProcessSummary, Space, TreeNode } from '@stafette/api';
import { forgetOfflineCopy, mayBeKeptOffline } from '../classification/offline.ts';
import { API_CACHE, OFFLINE_HEADER } from './cache-names.ts';
import { deviceCopy } from './device-copy.ts';
import { syncPage } from './page-sync.ts';
import { imagePaths } from './page-images.ts';
import { pendingPages } from './pending-edits.ts';

const PREFIX = 'stafette.kept:';

export interface KeptSpace {
  id: string;
  name: string;
  /** Pages stored on the device (strictly confidential ones are left out). */
  pageIds: string[];
  /** Pages of the space left out by their classification. */
  skipped: number;
  /** Images and process answers stored along (API paths). */
  extraPaths: string[];
  processes: number;
  bytes: number;
  keptAt: string;
}

export interface KeepProgress {
  done: number;
  total: number;
}

type Registry = Record<string, KeptSpace>;

const listeners = new Set<() => void>();
const progress = new Map<string, KeepProgress>();
let registrySnapshot: { userId: string; value: Registry } | null = null;

function notify(): void {
  for (const listener of listeners) listener();
}

export function subscribeKept(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function keptSpaces(userId: string): Registry {
  if (registrySnapshot?.userId === userId) return registrySnapshot.value;
  let value: Registry = {};
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(PREFIX + userId) ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) value = parsed as Registry;
  } catch {
    value = {};
  }
  registrySnapshot = { userId, value };
  return value;
}

function saveKept(userId: string, value: Registry): void {
  if (Object.keys(value).length === 0) localStorage.removeItem(PREFIX + userId);
  else localStorage.setItem(PREFIX + userId, JSON.stringify(value));
  registrySnapshot = { userId, value };
  notify();
}

/** The running download of a space, or null. */
export function keepProgress(spaceId: string): KeepProgress | null {
  return progress.get(spaceId) ?? null;
}

function setProgress(spaceId: string, value: KeepProgress | null): void {
  if (value) progress.set(spaceId, value);
  else progress.delete(spaceId);
  notify();
}

export function spaceMayBeKept(space: Pick<Space, 'classification'>): boolean {
  return mayBeKeptOffline(space.classification);
}

function flatten(nodes: TreeNode[], into: TreeNode[] = []): TreeNode[] {
  for (const node of nodes) {
    into.push(node);
    flatten(node.children, into);
  }
  return into;
}

/** Fetches an API answer into the offline cache when the server allows it; its size, or null. */
async function store(path: string): Promise<{ bytes: number; response: Response } | null> {
  const url = `/api/v1${path}`;
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok || response.headers.get(OFFLINE_HEADER) !== 'allowed') return null;
    const copy = await deviceCopy({ response: response.clone() });
    if (!copy) return null;
    const bytes = (await copy.clone().arrayBuffer()).byteLength;
    await (await caches.open(API_CACHE)).put(url, copy);
    return { bytes, response };
  } catch {
    return null;
  }
}

async function storeJson<T>(path: string): Promise<{ bytes: number; value: T } | null> {
  const stored = await store(path);
  return stored ? { bytes: stored.bytes, value: (await stored.response.json()) as T } : null;
}

const running = new Map<string, Promise<KeptSpace | null>>();

/**
 * Stores (or refreshes) a space on this device, reporting progress page by page. Null when the
 * space could not be read or may not be kept at all.
 */
export function keepSpace(userId: string, spaceId: string): Promise<KeptSpace | null> {
  const current = running.get(spaceId);
  if (current) return current;
  const job = download(userId, spaceId).finally(() => {
    running.delete(spaceId);
    setProgress(spaceId, null);
  });
  running.set(spaceId, job);
  return job;
}

async function download(userId: string, spaceId: string): Promise<KeptSpace | null> {
  if (typeof caches === 'undefined') return null;
  const space = await storeJson<Space>(`/spaces/${spaceId}`);
  const tree = await storeJson<TreeNode[]>(`/spaces/${spaceId}/tree`);
  if (space && !spaceMayBeKept(space.value)) {
    // The space was raised to strictly confidential since it was kept.
    await removeKeptSpace(userId, spaceId);
    return null;
  }
  if (!space || !tree) return null;
  const nodes = flatten(tree.value);
  const allowed = nodes.filter((node) => mayBeKeptOffline(node.classification));
  const processes = await storeJson<ProcessSummary[]>(`/processes?spaceId=${spaceId}`);
  const processIds = processes?.value.map((process) => process.id) ?? [];
  const total = allowed.length + processIds.length;
  let done = 0;
  let bytes = space.bytes + tree.bytes + (processes?.bytes ?? 0);
  const before = keptSpaces(userId)[spaceId];
  const pageIds: string[] = [];
  // What a failed refresh could not fetch again stays as it was kept before.
  const extraPaths: string[] = [...(before?.extraPaths ?? [])];
  setProgress(spaceId, { done, total });

  for (const node of allowed) {
    const page = await storeJson<Page>(`/pages/${node.id}`);
    const live = page ? await syncPage(userId, node.id) : null;
    if (!page || !live || live.status === 'failed') {
      if (before?.pageIds.includes(node.id)) pageIds.push(node.id);
    } else {
      pageIds.push(node.id);
      bytes += page.bytes + live.bytes;
      // Its images, and the list of its files (names and sizes; the files themselves stay online).
      for (const path of [...imagePaths(page.value.doc), `/pages/${node.id}/attachments`]) {
        const stored = await store(path);
        if (stored) {
          if (!extraPaths.includes(path)) extraPaths.push(path);
          bytes += stored.bytes;
        }
      }
    }
    setProgress(spaceId, { done: ++done, total });
  }
  for (const id of processIds) {
    const process = await storeJson<Process>(`/processes/${id}`);
    // The diagram, how its steps are covered, and what each step's panel lists (pages, people).
    const steps = (process?.value.steps ?? []).flatMap((step) => ['pages', 'people'].map((part) => `/processes/${id}/steps/${encodeURIComponent(step.elementId)}/${part}`));
    if (process) bytes += process.bytes;
    for (const path of [`/processes/${id}`, `/processes/${id}/bpmn`, `/processes/${id}/coverage`, ...steps]) {
      const stored = path === `/processes/${id}` ? process : await store(path);
      if (stored) {
        if (!extraPaths.includes(path)) extraPaths.push(path);
        if (stored !== process) bytes += stored.bytes;
      }
    }
    setProgress(spaceId, { done: ++done, total });
  }

  // Pages no longer in the space, or raised to strictly confidential since: off the device.
  const gone = (before?.pageIds ?? []).filter((id) => !pageIds.includes(id));
  await Promise.all(gone.filter((id) => !pendingPages(userId).includes(id)).map((id) => forgetOfflineCopy(userId, id)));

  const kept: KeptSpace = {
    id: spaceId,
    name: space.value.name,
    pageIds,
    skipped: nodes.length - allowed.length,
    extraPaths,
    processes: processIds.length,
    bytes,
    keptAt: new Date().toISOString(),
  };
  saveKept(userId, { ...keptSpaces(userId), [spaceId]: kept });
  return kept;
}

/**
 * Removes a kept space from the device. Pages with edits still waiting for the server stay
 * until they are sent (removing them would lose the edits).
 */
export async function removeKeptSpace(userId: string, spaceId: string): Promise<void> {
  const kept = keptSpaces(userId)[spaceId];
  if (!kept) return;
  const waiting = pendingPages(userId);
  await Promise.all(kept.pageIds.filter((id) => !waiting.includes(id)).map((id) => forgetOfflineCopy(userId, id)));
  try {
    const cache = await caches.open(API_CACHE);
    await Promise.all(kept.extraPaths.map((path) => cache.delete(`/api/v1${path}`, { ignoreVary: true })));
  } catch {
    // Storage unavailable: nothing to remove there either.
  }
  const { [spaceId]: _removed, ...rest } = keptSpaces(userId);
  saveKept(userId, rest);
}

/** Refreshes in turn every kept space older than `minAgeMs` (while online). */
export async function refreshKeptSpaces(userId: string, minAgeMs = 0): Promise<void> {
  for (const kept of Object.values(keptSpaces(userId))) {
    if (!navigator.onLine) return;
    if (Date.now() - Date.parse(kept.keptAt) >= minAgeMs) await keepSpace(userId, kept.id);
  }
}

/** Sign-out: the list goes with the copies. */
export function forgetKeptSpaces(): void {
  for (const name of Object.keys(localStorage)) if (name.startsWith(PREFIX)) localStorage.removeItem(name);
  registrySnapshot = null;
  notify();
}
