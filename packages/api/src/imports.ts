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
  /** true: answer 202 with a job at once and import in the background (`GET /imports/:jobId` reports progress and the result). */
  background: Type.Optional(Type.Boolean()),
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

/** The answer to `POST /spaces/:id/import?background=true`: where to follow the import. */
export const MigrationJobStartedSchema = Type.Object({ jobId: Uuid });
export type MigrationJobStarted = Static<typeof MigrationJobStartedSchema>;

export const MigrationJobParams = Type.Object({ jobId: Uuid });

/** A background import (`GET /imports/:jobId`), for the account that started it. */
export const MigrationJobSchema = Type.Object({
  jobId: Uuid,
  spaceId: Uuid,
  format: Type.Union([Type.Literal('markdown'), Type.Literal('confluence'), Type.Literal('bookstack')]),
  /** running, then done (with `result`) or failed (with `error`). A job whose server stopped is failed. */
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  /** pages: placing the pages in the tree; content: writing bodies and attaching files. */
  phase: Type.Union([Type.Literal('pages'), Type.Literal('content')]),
  /** Pages done in this phase, of `total` (the pages of the export). */
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  result: Type.Union([MigrationResultSchema, Type.Null()]),
  /** Why the job failed, in words for the person importing. */
  error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type MigrationJob = Static<typeof MigrationJobSchema>;
