/** Versions of a page: keep, list, view, compare, restore (`/pages/:id/versions`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, DocSchema, NoBody, Nullable, Uuid, UserRefSchema } from './common.ts';
import { VERSION_LABEL_MAX_LENGTH } from './limits.ts';

export const VersionSummarySchema = Type.Object({
  id: Uuid,
  pageId: Uuid,
  /** 1 for a page's first version, counting up. */
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('auto'), Type.Literal('manual'), Type.Literal('restore')]),
  label: Nullable(Type.String()),
  /** For a restore version: the version that was restored. */
  restoredFrom: Nullable(Uuid),
  createdAt: DateTime,
  createdBy: Nullable(UserRefSchema),
});
export type VersionSummary = Static<typeof VersionSummarySchema>;

export const VersionSchema = Type.Object({
  ...VersionSummarySchema.properties,
  doc: DocSchema,
  /** GFM of the body; null when the version holds content outside the page schema. */
  markdown: Nullable(Type.String()),
  text: Type.String(),
});
export type Version = Static<typeof VersionSchema>;

export const DiffOpSchema = Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]);
export const DiffWordSchema = Type.Object({ op: DiffOpSchema, text: Type.String() });
export type DiffWord = Static<typeof DiffWordSchema>;

const DiffSideSchema = Type.Object({
  /** A version, or null for the current document. */
  version: Nullable(VersionSummarySchema),
  name: Type.String(),
});

export const DiffSchema = Type.Object({
  from: DiffSideSchema,
  to: DiffSideSchema,
  identical: Type.Boolean(),
  added: Type.Integer({ description: 'Lines added' }),
  removed: Type.Integer({ description: 'Lines removed' }),
  lines: Type.Array(
    Type.Object({
      op: DiffOpSchema,
      text: Type.String(),
      words: Type.Optional(Type.Array(DiffWordSchema)),
    }),
  ),
  unified: Type.String({ description: 'The same as a unified diff' }),
  coarse: Type.Boolean({
    description: 'A size or time bound cut the detail: some changed paragraphs lack word marks, or everything between the first and the last changed line shows as replaced. Still correct.',
  }),
});
export type Diff = Static<typeof DiffSchema>;

export const VersionParams = Type.Object({ id: Uuid, vid: Uuid });
export const VersionLabel = Type.String({ minLength: 1, maxLength: VERSION_LABEL_MAX_LENGTH, pattern: '\\S' });
export const CreateVersionBody = Body({ label: Type.Optional(VersionLabel) });
export const VersionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only versions with a smaller number (next page)' })),
});
export const DiffQuery = Type.Object({
  against: Type.Union([Type.Literal('current'), Uuid], { default: 'current', description: '"current" or the id of another version of the page' }),
});
export const RestoreVersionBody = NoBody;
export const RestoredVersionSchema = Type.Object({ version: VersionSummarySchema, doc: DocSchema, changed: Type.Boolean() });
export type RestoredVersion = Static<typeof RestoredVersionSchema>;

// The lists the routes answer with.
export const VersionSummaryListSchema = Type.Array(VersionSummarySchema);
