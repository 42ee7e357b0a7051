import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { effectiveLevels } from '../classification/effective.ts';
import { fileTypeSql } from './filters.ts';

/** Authors listed in the facets; the rest are reachable by narrowing another way first. */
const MAX_AUTHORS = 20;

export interface RefiningFacets {
  classifications: { key: string; count: number }[];
  authors: { id: string; name: string; count: number }[];
  fileTypes: { key: string; count: number }[];
}

const byCount = <T extends { count: number }>(key: (x: T) => string) => (a: T, b: T) => b.count - a.count || key(a).localeCompare(key(b));

/**
 * Hits per classification level, author and file type, over every hit of a search (not only
 * the page shown): the counts the search screen shows beside each filter value. The hits are
 * pages the caller may read already, so nothing here reveals more than the hits do.
 */
export async function refiningFacets(db: Kysely<DB>, pageIds: readonly string[]): Promise<RefiningFacets> {
  if (pageIds.length === 0) return { classifications: [], authors: [], fileTypes: [] };
  const ids = [...pageIds];
  const levels = await effectiveLevels(db, ids);
  const perLevel = new Map<string, number>();
  for (const level of levels.values()) perLevel.set(level, (perLevel.get(level) ?? 0) + 1);

  const authors = await sql<{ id: string; name: string; count: number }>`
    SELECT u.id, u.display_name AS name, count(*)::int AS count
    FROM pages p JOIN users u ON u.id = p.created_by
    WHERE p.id = ANY(${ids}::uuid[])
    GROUP BY u.id, u.display_name
    ORDER BY count(*) DESC, u.display_name, u.id
    LIMIT ${MAX_AUTHORS}`.execute(db);

  const fileTypes = await sql<{ key: string; count: number }>`
    SELECT kind AS key, count(DISTINCT page_id)::int AS count
    FROM (SELECT a.page_id, ${fileTypeSql(sql.ref('a.type'))} AS kind FROM attachments a
          WHERE a.page_id = ANY(${ids}::uuid[]) AND a.deleted_at IS NULL) f
    GROUP BY kind`.execute(db);

  return {
    classifications: [...perLevel].map(([key, count]) => ({ key, count })).sort(byCount((x) => x.key)),
    authors: authors.rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) })),
    fileTypes: fileTypes.rows.map((r) => ({ key: r.key, count: Number(r.count) })).sort(byCount((x) => x.key)),
  };
}
