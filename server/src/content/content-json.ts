import { Type } from 'typebox';
import type { PMNodeJSON } from '@stafette/schema';

/**
 * A ProseMirror document of the page schema (see packages/schema/README.md). Described loosely
 * here: the schema package validates it fully and answers with what is wrong.
 */
export const DocSchema = Type.Unsafe<PMNodeJSON>(
  Type.Object(
    {
      type: Type.String({ description: '"doc" at the top level' }),
      content: Type.Optional(Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true }))),
    },
    { additionalProperties: true, description: 'ProseMirror JSON of the page schema' },
  ),
);

const Id = Type.String({ format: 'uuid' });

export const HeadingSchema = Type.Object({ level: Type.Integer({ minimum: 1, maximum: 4 }), text: Type.String() });

/** What a content change answers: the stored body and what was derived from it. */
export const ContentSchema = Type.Object({
  id: Id,
  doc: DocSchema,
  headings: Type.Array(HeadingSchema),
  links: Type.Object({
    pageIds: Type.Array(Type.String()),
    steps: Type.Array(Type.Object({ processId: Type.String(), elementId: Type.String() })),
  }),
  /** False when the new body equalled the old one (nothing was written). */
  changed: Type.Boolean(),
});

export const BacklinkSchema = Type.Object({
  id: Id,
  title: Type.String(),
  spaceId: Id,
  spaceName: Type.String(),
});
