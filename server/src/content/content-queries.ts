import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Live pages in the given spaces (or every space) whose body links to `pageId`, by title. */
export async function backlinks(db: Kysely<DB>, pageId: string, spaces: readonly string[] | 'all') {
  if (spaces !== 'all' && spaces.length === 0) return [];
  let query = db
    .selectFrom('page_links')
    .innerJoin('pages', 'pages.id', 'page_links.source_page_id')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .select(['pages.id', 'pages.title', 'pages.space_id', 'spaces.name as space_name'])
    .where('page_links.target_page_id', '=', pageId)
    .where('pages.archived_at', 'is', null)
    .where('spaces.archived_at', 'is', null);
  if (spaces !== 'all') query = query.where('pages.space_id', 'in', spaces);
  const rows = await query.orderBy('pages.title').orderBy('pages.id').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, spaceId: r.space_id, spaceName: r.space_name }));
}

export async function pageTitle(db: Kysely<DB>, pageId: string): Promise<string | null> {
  const row = await db.selectFrom('pages').select('title').where('id', '=', pageId).executeTakeFirst();
  return row?.title ?? null;
}
