import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/problem.ts';
import { emptyDoc } from '../content/derive.ts';
import { atLeast } from '../policy/access-rules.ts';
import { pageAccess, readableSpaceIds } from '../policy/pages.ts';
import { canOnPage } from '../policy/spaces.ts';
import { pageLevels } from '../classification/effective.ts';
import { editsSpace, exportIsGated } from '../classification/gates.ts';
import { pageSummaryColumns, pageSummaryJson } from './page-json.ts';

/** Reads of pages for the REST API; writes are in pages-service.ts. */

/**
 * One page as the page screen shows it: summary, space, breadcrumbs, the caller's permissions
 * as they are now (after a change the route just made) and the body. 404 when the caller may
 * not see it.
 */
export async function pageDetail(db: Kysely<DB>, user: AuthUser, pageId: string) {
  const access = await pageAccess(db, user, pageId);
  if (!access.page) throw notFound('page');
  const row = await db
    .selectFrom('pages')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .selectAll('pages')
    .select(['spaces.name as space_name', 'spaces.archived_at as space_archived_at'])
    .where('pages.id', '=', pageId)
    .executeTakeFirst();
  if (!row) throw notFound('page');
  const { rows: crumbs } = await sql<{ id: string; title: string }>`
    WITH RECURSIVE up(id, parent_id, title, depth) AS (
      SELECT id, parent_id, title, 0 FROM pages WHERE id = ${row.parent_id}
      UNION ALL
      SELECT p.id, p.parent_id, p.title, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < 10000
    )
    SELECT id, title FROM up ORDER BY depth DESC`.execute(db);
  const levels = await pageLevels(db, pageId);
  if (!levels) throw notFound('page');
  return {
    ...pageSummaryJson(row),
    space: { id: row.space_id, name: row.space_name, archived: row.space_archived_at !== null },
    breadcrumbs: crumbs,
    permissions: {
      canEdit: canOnPage(access.level, access.page.archived, 'editTitle'),
      canManage: atLeast(access.level, 'manage'),
      canExport: !exportIsGated(levels.classification) || (await editsSpace(db, user.id, row.space_id)),
    },
    doc: row.doc ?? emptyDoc(),
    ...levels,
  };
}

/** Pages of one space as a flat list by title; `archived` filters, undefined lists both. */
export async function spacePages(db: Kysely<DB>, spaceId: string, archived?: boolean) {
  let query = db.selectFrom('pages').select(pageSummaryColumns).where('space_id', '=', spaceId);
  if (archived !== undefined) query = query.where('archived_at', archived ? 'is not' : 'is', null);
  const rows = await query.orderBy('title').orderBy('id').limit(10_000).execute();
  return rows.map(pageSummaryJson);
}

type PagesFilter = (eb: ExpressionBuilder<DB, 'pages' | 'spaces'>) => Expression<SqlBool>;

/** Live pages in live spaces the user can read, most recently changed first. */
async function readablePages(db: Kysely<DB>, user: AuthUser, limit: number, filter?: PagesFilter) {
  const readable = await readableSpaceIds(db, user);
  if (readable !== 'all' && readable.length === 0) return [];
  let query = db
    .selectFrom('pages')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .select(pageSummaryColumns)
    .select('spaces.name as space_name')
    .where('pages.archived_at', 'is', null)
    .where('spaces.archived_at', 'is', null);
  if (readable !== 'all') query = query.where('pages.space_id', 'in', readable);
  if (filter) query = query.where(filter);
  const rows = await query.orderBy('pages.updated_at', 'desc').orderBy('pages.id').limit(limit).execute();
  return rows.map((r) => ({ ...pageSummaryJson(r), spaceName: r.space_name }));
}

/** Recently changed pages the user can read (start page). */
export function recentPages(db: Kysely<DB>, user: AuthUser, limit: number) {
  return readablePages(db, user, limit);
}

/** Pages the user created or changed, most recent first (start page). */
export function myPages(db: Kysely<DB>, user: AuthUser, limit: number) {
  return readablePages(db, user, limit, (eb) =>
    eb.or([
      eb('pages.created_by', '=', user.id),
      eb('pages.updated_by', '=', user.id),
      // Edits recorded in the audit log count too, whoever changed the page last.
      eb.exists(
        eb
          .selectFrom('audit_log')
          .select('audit_log.id')
          .where('audit_log.actor_id', '=', user.id)
          .where('audit_log.target_type', '=', 'page')
          .whereRef('audit_log.target_id', '=', sql<string>`pages.id::text`),
      ),
    ]),
  );
}
