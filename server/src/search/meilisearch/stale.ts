import type { Kysely } from 'kysely';
import type { Index } from 'meilisearch';
import type { DB } from '../../db/schema.ts';

const PAGE = 1000;

/**
 * Page ids whose Meilisearch copy is missing, older than the page, or of a page that is gone or
 * archived: the counterpart of the PostgreSQL backend's queueStale, comparing the index's
 * (pageId, updatedAt) pairs with the pages. Reads the index in pages of 1000 ids.
 */
export async function findStale(db: Kysely<DB>, index: Index<{ pageId: string; updatedAt: number }>): Promise<string[]> {
  const indexed = new Map<string, number>();
  for (let offset = 0; ; offset += PAGE) {
    const batch = await index.getDocuments({ fields: ['pageId', 'updatedAt'], offset, limit: PAGE });
    for (const d of batch.results) indexed.set(d.pageId, Number(d.updatedAt) || 0);
    if (batch.results.length < PAGE) break;
  }
  const pages = await db
    .selectFrom('pages')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .select(['pages.id', 'pages.updated_at', 'pages.content_updated_at'])
    .where('pages.archived_at', 'is', null)
    .where('spaces.archived_at', 'is', null)
    .execute();
  return staleIds(
    indexed,
    pages.map((p) => ({ id: p.id, changedAt: Math.max(new Date(p.updated_at).getTime(), p.content_updated_at ? new Date(p.content_updated_at).getTime() : 0) })),
  );
}

/** The comparison itself: live pages newer than (or missing from) the index, indexed ids no longer live. */
export function staleIds(indexed: ReadonlyMap<string, number>, live: readonly { id: string; changedAt: number }[]): string[] {
  const out: string[] = [];
  const liveIds = new Set<string>();
  for (const page of live) {
    liveIds.add(page.id);
    const at = indexed.get(page.id);
    if (at === undefined || at < page.changedAt) out.push(page.id);
  }
  for (const id of indexed.keys()) if (!liveIds.has(id)) out.push(id);
  return out;
}
