import { type TProperties, Type } from 'typebox';

/** A request body object: unknown fields are rejected. */
export const Body = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
/** Routes that take no input: an empty body or `{}`. */
export const NoBody = Body({});

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
