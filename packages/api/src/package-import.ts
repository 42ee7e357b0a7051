/**
 * Importing a process package (`POST /processes/import-package`, server/src/packages): a process
 * with its pages from another Stafette instance, previewed with `dryRun=true`, then created in one
 * transaction. A newer package of a process imported before becomes a new version of it.
 */
import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Uuid } from './common.ts';

export const PackageImportQuery = Type.Object({
  spaceId: Uuid,
  /** true: only say what would be created or updated; nothing is written. */
  dryRun: Type.Optional(Type.Boolean()),
  /** A page of the space to put the new pages under (default: the top level). 404 when it is not a page of the space, 409 parent-archived when archived. */
  parentId: Type.Optional(Uuid),
});
export type PackageImportQueryInput = Static<typeof PackageImportQuery>;

export const PackageConflictSchema = Type.Object({
  /**
   * `update`: this process was imported from the same source before; the import adds a new version to it.
   * `not-newer`: …but the package is not newer than what was imported (the import is refused, 409).
   * `process-name`: a process of that name exists in the space (a second one is created beside it).
   * `page-title`: a page of that title exists in the space (the imported page is created beside it).
   */
  kind: Type.Union([Type.Literal('update'), Type.Literal('not-newer'), Type.Literal('process-name'), Type.Literal('page-title')]),
  message: Type.String(),
  /** The existing process or page. */
  id: Nullable(Uuid),
});

export const PackagePreviewSchema = Type.Object({
  /** The source the package names: its instance address and municipality. */
  source: Type.Object({ instance: Type.String(), name: Type.String(), exportedAt: DateTime, publicUrl: Nullable(Type.String()) }),
  /** `create`: a new process; `update`: a new version of the process imported from the same source before. */
  action: Type.Union([Type.Literal('create'), Type.Literal('update')]),
  process: Type.Object({ name: Type.String(), version: Type.Integer(), steps: Type.Integer() }),
  /** The page the new pages go under (`parentId`), or null: the top level of the space. */
  parent: Type.Optional(Nullable(Type.Object({ id: Uuid, title: Type.String() }))),
  /** `keep`: imported before and kept as it is here (local edits stay). */
  pages: Type.Array(Type.Object({ title: Type.String(), action: Type.Union([Type.Literal('create'), Type.Literal('keep')]) })),
  files: Type.Array(Type.Object({ path: Type.String(), bytes: Type.Integer() })),
  links: Type.Array(Type.Object({ elementId: Type.String(), pageTitle: Type.String() })),
  /** What the exporting instance left out, and why. */
  leftOut: Type.Array(Type.Object({ kind: Type.String(), title: Nullable(Type.String()), reason: Type.String() })),
  conflicts: Type.Array(PackageConflictSchema),
});
export type PackagePreview = Static<typeof PackagePreviewSchema>;

export const PackageImportResultSchema = Type.Object({
  action: Type.Union([Type.Literal('create'), Type.Literal('update')]),
  process: Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer() }),
  pages: Type.Array(Type.Object({ id: Uuid, title: Type.String(), action: Type.Union([Type.Literal('create'), Type.Literal('keep')]) })),
  /** The attached files created (on the pages created; SHA-256 of the bytes as stored here). */
  files: Type.Array(Type.Object({ id: Uuid, pageId: Uuid, name: Type.String(), sha256: Type.String() })),
  links: Type.Integer(),
  conflicts: Type.Array(PackageConflictSchema),
});
export type PackageImportResult = Static<typeof PackageImportResultSchema>;
