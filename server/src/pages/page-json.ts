import { Type } from 'typebox';
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import { DocSchema } from '../content/content-json.ts';

export type PageRow = Selectable<DB['pages']>;

const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);
const NullableId = Type.Union([Id, Type.Null()]);

export const PageSummarySchema = Type.Object({
  id: Id,
  spaceId: Id,
  parentId: NullableId,
  title: Type.String(),
  position: Type.Integer(),
  archived: Type.Boolean(),
  archivedAt: NullableTime,
  createdAt: Time,
  updatedAt: Time,
  createdBy: NullableId,
  updatedBy: NullableId,
});

export const PageSchema = Type.Object({
  ...PageSummarySchema.properties,
  space: Type.Object({ id: Id, name: Type.String(), archived: Type.Boolean() }),
  /** Ancestors from the top level down to the parent. */
  breadcrumbs: Type.Array(Type.Object({ id: Id, title: Type.String() })),
  permissions: Type.Object({ canEdit: Type.Boolean(), canManage: Type.Boolean() }),
  /** The body as ProseMirror JSON, as last derived (server/src/content). */
  doc: DocSchema,
});

export const PageListItemSchema = Type.Object({
  ...PageSummarySchema.properties,
  spaceName: Type.String(),
});

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

export function pageSummaryJson(row: PageSummaryRow) {
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
