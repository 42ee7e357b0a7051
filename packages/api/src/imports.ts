/** Migration imports of whole wikis into a space (`/spaces/:id/import`). */
import { type Static, Type } from 'typebox';
import { Uuid } from './common.ts';

export const MIGRATION_FORMATS = ['markdown', 'confluence', 'bookstack'] as const;
export const MigrationFormatSchema = Type.Union(MIGRATION_FORMATS.map((f) => Type.Literal(f)));
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number];

export const MigrationImportQuery = Type.Object({
  /** markdown: a folder of .md files (Obsidian, Wiki.js, Outline, Docmost); confluence: a space's HTML export; bookstack: a book, chapter or page as BookStack's "Portable ZIP" (data.json and files/). */
  format: MigrationFormatSchema,
  /** The page the imported tree goes below; the top level when left out. */
  parentId: Type.Optional(Uuid),
});

export const MigrationSkippedSchema = Type.Object({
  /** The file in the archive. */
  path: Type.String(),
  reason: Type.String(),
});

export const MigrationResultSchema = Type.Object({
  /** Pages made by this run. */
  created: Type.Integer(),
  /** Pages an earlier run made whose title, place or body changed now. */
  updated: Type.Integer(),
  /** Pages an earlier run made that are as they were. */
  unchanged: Type.Integer(),
  /** Files attached to pages by this run. */
  files: Type.Integer(),
  /** Files left out, with the reason. */
  skipped: Type.Array(MigrationSkippedSchema),
  /** The imported top-level pages. */
  rootPageIds: Type.Array(Uuid),
});
export type MigrationResult = Static<typeof MigrationResultSchema>;

/** The archive as `application/zip`, or multipart/form-data with the archive in `file`. */
export const MigrationArchiveBody = Type.Unsafe<unknown>({ description: 'The export as a ZIP archive (application/zip), or multipart/form-data with the archive in the field `file`' });
