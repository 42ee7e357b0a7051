/** Pages and the page tree of a space (`/pages`, `/spaces/:id/tree`). */
import { type Static, Type } from 'typebox';
import { ClassificationKeySchema } from './classification.ts';
import { Body, DateTime, DocSchema, Nullable, Uuid } from './common.ts';
import { PAGE_TITLE_MAX_LENGTH } from './limits.ts';
import { PageTemplateFieldValues } from './templates.ts';

/** Any Unicode, 1–1000 characters (counted as code points), not blank; titles repeat in real documents. */
export const PageTitle = Type.String({ minLength: 1, maxLength: PAGE_TITLE_MAX_LENGTH, pattern: '\\S' });
/** Position among siblings. */
export const Position = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const PageSummarySchema = Type.Object({
  id: Uuid,
  spaceId: Uuid,
  parentId: Nullable(Uuid),
  title: Type.String(),
  position: Type.Integer(),
  archived: Type.Boolean(),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  createdBy: Nullable(Uuid),
  updatedBy: Nullable(Uuid),
});
export type PageSummary = Static<typeof PageSummarySchema>;

export const PageSchema = Type.Object({
  ...PageSummarySchema.properties,
  space: Type.Object({ id: Uuid, name: Type.String(), archived: Type.Boolean() }),
  /** Ancestors from the top level down to the parent. */
  breadcrumbs: Type.Array(Type.Object({ id: Uuid, title: Type.String() })),
  /** `canExport`: false for readers of a page classified `vertraulich` or above (server/src/classification/gates.ts). */
  permissions: Type.Object({ canEdit: Type.Boolean(), canManage: Type.Boolean(), canExport: Type.Boolean() }),
  /** The body as ProseMirror JSON, as last derived (server/src/content). */
  doc: DocSchema,
  /** The effective level: the highest of the space's, the page's own and its ancestors' (server/src/classification). */
  classification: ClassificationKeySchema,
  /** The page's own level when it was raised above what it inherits; null: inherited. */
  ownClassification: Nullable(ClassificationKeySchema),
  /** What the page inherits from its space and ancestors: its level can be raised, never set below this. */
  inheritedClassification: ClassificationKeySchema,
});
export type Page = Static<typeof PageSchema>;

/** A page in a listing across spaces (start page: recently changed, my pages). */
export const PageListItemSchema = Type.Object({
  ...PageSummarySchema.properties,
  spaceName: Type.String(),
  /** The page's effective classification level (a device keeps no strictly confidential entry). */
  classification: ClassificationKeySchema,
});
export type PageListItem = Static<typeof PageListItemSchema>;

/** The nested tree of live pages of a space, for navigation. */
export const TreeNodeSchema = Type.Cyclic(
  {
    Node: Type.Object({
      id: Uuid,
      title: Type.String(),
      /** The page's effective classification level. */
      classification: ClassificationKeySchema,
      children: Type.Array(Type.Ref('Node')),
    }),
  },
  'Node',
);
export type TreeNode = Static<typeof TreeNodeSchema>;
/** The top-level pages of a space, each with its subtree. */
export const TreeSchema = Type.Array(TreeNodeSchema);

export const CreatePageBody = Body({
  spaceId: Uuid,
  parentId: Type.Optional(Nullable(Uuid)),
  title: PageTitle,
  position: Type.Optional(Position),
  /** Start from a template (global or of this space) instead of a blank page. */
  templateId: Type.Optional(Uuid),
  /** The template's field values by name; fields left out stay as visible `{{Feld}}` placeholders. */
  fields: Type.Optional(PageTemplateFieldValues),
});
export type CreatePageInput = Static<typeof CreatePageBody>;

export const PageListQuery = Type.Object({ spaceId: Uuid, archived: Type.Optional(Type.Boolean()) });
export const PageFeedQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) });

export const RenamePageBody = Body({ title: PageTitle });

/**
 * Rename a page and/or set its own classification level (null: inherit from space and
 * ancestors); at least one of the two.
 */
export const UpdatePageBody = Type.Object(
  { title: Type.Optional(PageTitle), classification: Type.Optional(Nullable(ClassificationKeySchema)) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePageInput = Static<typeof UpdatePageBody>;

/** `parentId` null: top level. */
export const MovePageBody = Body({ parentId: Nullable(Uuid), position: Type.Optional(Position) });
export type MovePageInput = Static<typeof MovePageBody>;

// The lists the routes answer with.
export const PageSummaryListSchema = Type.Array(PageSummarySchema);
export const PageListItemListSchema = Type.Array(PageListItemSchema);
