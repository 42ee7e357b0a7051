import { Type } from 'typebox';
import { DocSchema } from '../content/content-json.ts';
import type { VersionSummary } from './version-store.ts';

const Id = Type.String({ format: 'uuid' });

export const VersionSummarySchema = Type.Object({
  id: Id,
  pageId: Id,
  /** 1 for a page's first version, counting up. */
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('auto'), Type.Literal('manual'), Type.Literal('restore')]),
  label: Type.Union([Type.String(), Type.Null()]),
  /** For a restore version: the version that was restored. */
  restoredFrom: Type.Union([Id, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.Object({ id: Id, displayName: Type.String() }), Type.Null()]),
});

export const VersionSchema = Type.Object({
  ...VersionSummarySchema.properties,
  doc: DocSchema,
  /** GFM of the body; null when the version holds content outside the page schema. */
  markdown: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
});

const DiffWordSchema = Type.Object({ op: Type.Union([Type.Literal('equal'), Type.Literal('insert'), Type.Literal('delete')]), text: Type.String() });

const DiffSideSchema = Type.Object({
  /** A version, or null for the current document. */
  version: Type.Union([VersionSummarySchema, Type.Null()]),
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
      op: DiffWordSchema.properties.op,
      text: Type.String(),
      words: Type.Optional(Type.Array(DiffWordSchema)),
    }),
  ),
  unified: Type.String({ description: 'The same as a unified diff' }),
});

export function versionSummaryJson(v: VersionSummary) {
  return {
    id: v.id,
    pageId: v.pageId,
    number: v.number,
    kind: v.kind,
    label: v.label,
    restoredFrom: v.restoredFrom,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
  };
}
