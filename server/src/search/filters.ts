import { type RawBuilder, sql } from 'kysely';
import type { SearchQuery } from './backend.ts';

/**
 * SQL for the refining filters of a search (classification, author, changed since, file type),
 * on the indexed row `d` (page_id, space_id). Read from the live tables, so a page's level,
 * author or files count as they are now, even before the indexer caught up. Used inside the
 * PostgreSQL backend's candidate queries (before ranking and paging) and by the facets.
 */

/** Depth guard for the walk up the page tree, as in classification/effective.ts. */
const MAX_DEPTH = 10_000;

const SPREADSHEETS = new Set(['text/csv', 'text/tab-separated-values', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.spreadsheet']);
const PRESENTATIONS = new Set(['application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.oasis.opendocument.presentation']);
const TEXTS = new Set(['application/msword', 'application/rtf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text']);

/** The kind of a file in TypeScript (Meilisearch documents); the same rule as fileTypeSql. */
export function fileTypeOf(type: string): string {
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (SPREADSHEETS.has(type)) return 'spreadsheet';
  if (PRESENTATIONS.has(type)) return 'presentation';
  if (type.startsWith('text/') || TEXTS.has(type)) return 'text';
  return 'other';
}

/** The kind of a file from its sniffed MIME type: the values of the `fileType` filter. */
export function fileTypeSql(type: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`CASE
    WHEN ${type} = 'application/pdf' THEN 'pdf'
    WHEN ${type} LIKE 'image/%' THEN 'image'
    WHEN ${type} IN ('text/csv', 'text/tab-separated-values', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.spreadsheet') THEN 'spreadsheet'
    WHEN ${type} IN ('application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.oasis.opendocument.presentation') THEN 'presentation'
    WHEN ${type} LIKE 'text/%' OR ${type} IN ('application/msword', 'application/rtf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text') THEN 'text'
    ELSE 'other' END`;
}

/**
 * The effective classification rank of the page `d.page_id`: the highest of its own, its
 * ancestors' and its space's level (the rule of classification/effective.ts, in SQL).
 */
export function effectiveRankSql(): RawBuilder<number> {
  return sql<number>`(WITH RECURSIVE up(id, parent_id, classification, depth) AS (
      SELECT p.id, p.parent_id, p.classification, 0 FROM pages p WHERE p.id = d.page_id
      UNION ALL
      SELECT p.id, p.parent_id, p.classification, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
    )
    SELECT greatest(coalesce(max(l.rank), 0),
      (SELECT sl.rank FROM pages sp JOIN spaces s ON s.id = sp.space_id JOIN classification_levels sl ON sl.key = s.classification WHERE sp.id = d.page_id))
    FROM up LEFT JOIN classification_levels l ON l.key = up.classification)`;
}

/** The refining filters the query sets, as conditions on `d`; empty when none is set. */
export function refiningFilters(query: Pick<SearchQuery, 'classification' | 'authorId' | 'changedSince' | 'fileType'>): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (query.classification) {
    parts.push(sql`${effectiveRankSql()} = (SELECT rank FROM classification_levels WHERE key = ${query.classification})`);
  }
  if (query.authorId) parts.push(sql`EXISTS (SELECT 1 FROM pages ap WHERE ap.id = d.page_id AND ap.created_by = ${query.authorId}::uuid)`);
  if (query.changedSince) {
    // From midnight UTC of that day, as the Meilisearch filter does.
    parts.push(sql`EXISTS (SELECT 1 FROM pages cp WHERE cp.id = d.page_id AND coalesce(cp.content_updated_at, cp.updated_at) >= (${query.changedSince}::date)::timestamp AT TIME ZONE 'UTC')`);
  }
  if (query.fileType) {
    parts.push(sql`EXISTS (SELECT 1 FROM attachments fa WHERE fa.page_id = d.page_id AND fa.deleted_at IS NULL AND ${fileTypeSql(sql.ref('fa.type'))} = ${query.fileType})`);
  }
  return parts;
}
