/** Building blocks every capability's schemas use. */
import { type Static, type TProperties, type TSchema, Type } from 'typebox';
import type { PMNodeJSON } from '@stafette/schema';

/** A request body object: unknown fields are rejected. */
export const Body = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });
/** Routes that take no input: an empty body or `{}`. */
export const NoBody = Body({});
/** As NoBody, and the request may come without a body at all. */
export const OptionalNoBody = Type.Optional(NoBody);
/** The answer of a 204. */
export const NoContent = Type.Null();

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const DateTime = Type.String({ format: 'date-time' });
/** A calendar day, YYYY-MM-DD (departure dates, due dates). */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
/** A calendar day as responses describe it. */
export const Day = Type.String({ format: 'date' });
/** Someone named in a response: a user id and the name shown. */
export const UserRefSchema = Type.Object({ id: Uuid, displayName: Type.String() });
export type UserRef = Static<typeof UserRefSchema>;

/** RFC 9457 problem details; `type` is `urn:stafette:problem:<slug>` (see problems.ts). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type ProblemDetails = Static<typeof ProblemSchema>;

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
