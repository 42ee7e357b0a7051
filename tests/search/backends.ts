import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../server/src/config.ts';
import { backends, type Backend } from '../support/databases.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../support/test-app.ts';

/**
 * The search backends the behavioural suites run against: PostgreSQL always, Meilisearch when
 * MEILISEARCH_URL (and MEILISEARCH_KEY) point at a running server. No Meilisearch can be
 * installed on the development machines, so those runs skip there and say why.
 */
export type SearchBackendName = 'postgres' | 'meilisearch';

export const meiliUrl = process.env.MEILISEARCH_URL || null;
export const meiliKey = process.env.MEILISEARCH_KEY || null;
export const meiliSkipReason = meiliUrl ? null : 'MEILISEARCH_URL is not set: the Meilisearch runs of the search suites are skipped (set MEILISEARCH_URL and MEILISEARCH_KEY to a Meilisearch server to run them).';

/** Call once per file that has Meilisearch runs, so a skipped run prints its reason. */
export function reportMeiliSkip(suite: string): void {
  if (meiliSkipReason) console.log(`[${suite}] ${meiliSkipReason}`);
}

export interface Combination {
  label: string;
  database: Backend;
  search: SearchBackendName;
}

/** Every database with the PostgreSQL search backend; the Meilisearch runs separately (may skip). */
export const postgresCombinations: Combination[] = backends.map((database) => ({ label: `${database} + postgres search`, database, search: 'postgres' }));
export const meiliCombinations: Combination[] = backends.map((database) => ({ label: `${database} + meilisearch`, database, search: 'meilisearch' }));

/** Config overrides for a test app on the given search backend: its own index per app. */
export function searchConfig(search: SearchBackendName): Partial<Config> {
  if (search === 'postgres') return {};
  return { meilisearchUrl: meiliUrl, meilisearchKey: meiliKey ?? 'masterKey', meilisearchIndex: `stafette_test_${randomUUID().replaceAll('-', '').slice(0, 12)}` };
}

async function meiliFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, meiliUrl!.endsWith('/') ? meiliUrl! : `${meiliUrl}/`), {
    ...init,
    headers: { 'content-type': 'application/json', ...(meiliKey ? { authorization: `Bearer ${meiliKey}` } : {}), ...(init.headers ?? {}) },
  });
}

async function meiliWait(res: Response): Promise<void> {
  const { taskUid } = (await res.json()) as { taskUid: number };
  for (const start = Date.now(); Date.now() - start < 30_000; ) {
    const task = (await (await meiliFetch(`tasks/${taskUid}`)).json()) as { status: string };
    if (task.status !== 'enqueued' && task.status !== 'processing') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Meilisearch task ${taskUid} not done in 30 s`);
}

/** Which of the given pages the search backend holds a copy of. */
export async function indexedPageIds(t: TestApp, pageIds: readonly string[]): Promise<string[]> {
  if (t.app.searchService.backend.name === 'postgres') {
    if (pageIds.length === 0) return [];
    return (await t.database.db.selectFrom('search_documents').select('page_id').where('page_id', 'in', [...pageIds]).execute()).map((r) => r.page_id);
  }
  const out: string[] = [];
  for (const id of pageIds) if ((await meiliFetch(`indexes/${t.app.config.meilisearchIndex}/documents/${id}`)).status === 200) out.push(id);
  return out;
}

/** Empties the search backend's index behind the app's back (to show that reindex rebuilds it). */
export async function clearIndex(t: TestApp): Promise<void> {
  if (t.app.searchService.backend.name === 'postgres') {
    await t.database.db.deleteFrom('search_documents').execute();
    await t.database.db.deleteFrom('search_terms').execute();
    await sql`DELETE FROM search_title_terms`.execute(t.database.db);
    return;
  }
  await meiliWait(await meiliFetch(`indexes/${t.app.config.meilisearchIndex}/documents`, { method: 'DELETE' }));
}

/** A test app on the combination's database and search backend; closing it drops its Meilisearch index too. */
export async function startSearchApp(c: Combination, options: TestAppOptions = {}): Promise<TestApp> {
  const t = await createTestApp(c.database, searchConfig(c.search), options);
  const closeApp = t.close;
  return Object.assign(t, {
    async close() {
      await dropIndex(t);
      await closeApp();
    },
  });
}

/** Drops the app's Meilisearch index after a suite. */
export async function dropIndex(t: TestApp | undefined): Promise<void> {
  if (!t || t.app.searchService.backend.name !== 'meilisearch') return;
  await meiliWait(await meiliFetch(`indexes/${t.app.config.meilisearchIndex}`, { method: 'DELETE' }));
}
