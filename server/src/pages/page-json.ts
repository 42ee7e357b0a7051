import type { Selectable } from 'kysely';
import type { PageSummary } from '@stafette/api';
import type { DB } from '../db/schema.ts';

export type PageRow = Selectable<DB['pages']>;

/** The columns a summary needs; lists select only these, not the (large) derived content. */
export const pageSummaryColumns = [
  'pages.id',
  'pages.space_id',
  'pages.parent_id',
  'pages.title',
  'pages.position',
  'pages.archived_at',
  'pages.created_at',
  'pages.updated_at',
  'pages.created_by',
  'pages.updated_by',
] as const;

type PageSummaryRow = Pick<
  PageRow,
  'id' | 'space_id' | 'parent_id' | 'title' | 'position' | 'archived_at' | 'created_at' | 'updated_at' | 'created_by' | 'updated_by'
>;

export function pageSummaryJson(row: PageSummaryRow): PageSummary {
  return {
    id: row.id,
    spaceId: row.space_id,
    parentId: row.parent_id,
    title: row.title,
    position: row.position,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}
