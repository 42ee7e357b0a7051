import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { effectiveLevels } from '../classification/effective.ts';
import { isPublishable } from '../classification/gates.ts';

/**
 * What the public portal shows right now. Decided on every public request from what owners
 * published and the content's current state: a page is public when it, or an ancestor published
 * with its subtree, is published, or it hangs on a current step of a public process — and it is
 * live (neither it nor its space archived) and its effective level is `oeffentlich`. A process is
 * public when published, live and its space is `oeffentlich`. So unpublishing, archiving or
 * raising a level hides content with the next request; nothing is cached behind it.
 */
export interface PublicSet {
  pages: Set<string>;
  processes: Set<string>;
}

/** Depth guard for the walk down published subtrees (as in classification/effective.ts). */
const MAX_DEPTH = 10_000;

export async function publicSet(db: Kysely<DB>): Promise<PublicSet> {
  const processes = await db
    .selectFrom('published_processes as pp')
    .innerJoin('processes as p', 'p.id', 'pp.process_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select('p.id')
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .where('s.classification', '=', 'oeffentlich')
    .execute();
  const processIds = processes.map((r) => r.id);

  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT page_id, 0 FROM published_pages WHERE subtree
      UNION
      SELECT p.id, down.depth + 1 FROM pages p JOIN down ON p.parent_id = down.id WHERE down.depth < ${MAX_DEPTH}
    )
    SELECT id FROM down
    UNION SELECT page_id FROM published_pages
    UNION SELECT a.page_id FROM process_step_pages a
      JOIN process_steps st ON st.process_id = a.process_id AND st.element_id = a.element_id
      WHERE st.removed_in_version IS NULL AND a.process_id = ANY(${sql.val(processIds)}::uuid[])`.execute(db);
  const candidates = rows.map((r) => r.id);
  const live = candidates.length === 0
    ? []
    : await db
        .selectFrom('pages as p')
        .innerJoin('spaces as s', 's.id', 'p.space_id')
        .select('p.id')
        .where('p.id', 'in', candidates)
        .where('p.archived_at', 'is', null)
        .where('s.archived_at', 'is', null)
        .execute();
  const levels = await effectiveLevels(db, live.map((r) => r.id));
  const pages = new Set<string>();
  for (const [id, level] of levels) if (isPublishable(level)) pages.add(id);
  return { pages, processes: new Set(processIds) };
}
