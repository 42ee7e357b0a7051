import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type ClassificationKey, highest, keyOfRank } from './levels.ts';

/**
 * Effective classification levels. A page's level is the highest of its space's level, its own
 * (when raised) and its ancestors' own levels: sub-pages inherit, and a page is never below its
 * space. Computed when read, so a move or a change of the space's level takes effect at once.
 */
type Db = Kysely<DB> | Transaction<DB>;

/** Depth guard for the walk up the tree, far above any real tree (as in pages/tree.ts). */
const MAX_DEPTH = 10_000;

export interface PageLevels {
  /** The effective level. */
  classification: ClassificationKey;
  /** The page's own level; null when it inherits. */
  ownClassification: ClassificationKey | null;
  /** What the page inherits (space and ancestors): its floor. */
  inheritedClassification: ClassificationKey;
}

/** The levels of one page; null when it does not exist. */
export async function pageLevels(db: Db, pageId: string): Promise<PageLevels | null> {
  const { rows } = await sql<{ depth: number; classification: ClassificationKey | null; space_classification: ClassificationKey }>`
    WITH RECURSIVE up(id, parent_id, classification, depth) AS (
      SELECT id, parent_id, classification, 0 FROM pages WHERE id = ${pageId}
      UNION ALL
      SELECT p.id, p.parent_id, p.classification, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
    )
    SELECT up.depth, up.classification, s.classification AS space_classification
    FROM up, pages start JOIN spaces s ON s.id = start.space_id
    WHERE start.id = ${pageId}
    ORDER BY up.depth`.execute(db);
  if (rows.length === 0) return null;
  const own = rows[0]!.classification;
  const inherited = highest(rows[0]!.space_classification, ...rows.slice(1).map((r) => r.classification));
  return { classification: highest(inherited, own), ownClassification: own, inheritedClassification: inherited };
}

/** The effective level of one page; null when it does not exist. */
export async function effectiveLevel(db: Db, pageId: string): Promise<ClassificationKey | null> {
  return (await pageLevels(db, pageId))?.classification ?? null;
}

/** Effective levels of many pages at once (search hits, lists); pages that do not exist are left out. */
export async function effectiveLevels(db: Db, pageIds: readonly string[]): Promise<Map<string, ClassificationKey>> {
  const ids = [...new Set(pageIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; rank: number }>`
    WITH RECURSIVE up(start_id, id, parent_id, rank, depth) AS (
      SELECT p.id, p.id, p.parent_id, coalesce(l.rank, 0), 0
      FROM pages p LEFT JOIN classification_levels l ON l.key = p.classification
      WHERE p.id = ANY(${sql.val(ids)}::uuid[])
      UNION ALL
      SELECT up.start_id, p.id, p.parent_id, coalesce(l.rank, 0), up.depth + 1
      FROM pages p JOIN up ON p.id = up.parent_id LEFT JOIN classification_levels l ON l.key = p.classification
      WHERE up.depth < ${MAX_DEPTH}
    ),
    chain AS (SELECT start_id, max(rank) AS rank FROM up GROUP BY start_id)
    SELECT chain.start_id AS id, greatest(chain.rank, sl.rank)::int AS rank
    FROM chain
    JOIN pages p ON p.id = chain.start_id
    JOIN spaces s ON s.id = p.space_id
    JOIN classification_levels sl ON sl.key = s.classification`.execute(db);
  return new Map(rows.map((r) => [r.id, keyOfRank(Number(r.rank))]));
}

/**
 * Adds each item's effective level as `classification`. An item whose page is gone meanwhile
 * counts as the highest level: whatever decides on the level then errs on the side of caution.
 */
export async function withClassification<T>(db: Db, items: T[], pageIdOf: (item: T) => string): Promise<(T & { classification: ClassificationKey })[]> {
  const levels = await effectiveLevels(db, items.map(pageIdOf));
  return items.map((item) => ({ ...item, classification: levels.get(pageIdOf(item)) ?? 'streng-vertraulich' }));
}
