/**
 * Classification of spaces and pages (`/admin/classification`): the ordered levels of the
 * scheme, their labels and the level new spaces start with. Payloads elsewhere carry the stable
 * key of a level (`classification: 'vertraulich'`); clients show its label from the scheme.
 */
import { type Static, Type } from 'typebox';
import { Body } from './common.ts';
import { CLASSIFICATION_KEYS, CLASSIFICATION_LABEL_MAX_LENGTH } from './limits.ts';

// The keys in ascending order (limits.ts, so the client has them without TypeBox): they never
// change, administrators rename only their labels.

export const ClassificationKeySchema = Type.Union([
  Type.Literal('oeffentlich'),
  Type.Literal('intern'),
  Type.Literal('vertraulich'),
  Type.Literal('streng-vertraulich'),
]);
export type ClassificationKey = (typeof CLASSIFICATION_KEYS)[number];

export const ClassificationLevelSchema = Type.Object({
  key: ClassificationKeySchema,
  /** 0 for the lowest level; a higher rank is more confidential. */
  rank: Type.Integer(),
  label: Type.String(),
});
export type ClassificationLevel = Static<typeof ClassificationLevelSchema>;

export const ClassificationSchemeSchema = Type.Object({
  /** Lowest first. */
  levels: Type.Array(ClassificationLevelSchema),
  /** The level a new space starts with. */
  defaultLevel: ClassificationKeySchema,
});
export type ClassificationScheme = Static<typeof ClassificationSchemeSchema>;

const Label = Type.String({ minLength: 1, maxLength: CLASSIFICATION_LABEL_MAX_LENGTH, pattern: '\\S' });

/** The whole scheme as the admin screen edits it: a label for every level and the default. */
export const UpdateClassificationSchemeBody = Body({
  labels: Body({ oeffentlich: Label, intern: Label, vertraulich: Label, 'streng-vertraulich': Label }),
  defaultLevel: ClassificationKeySchema,
});
export type UpdateClassificationSchemeInput = Static<typeof UpdateClassificationSchemeBody>;
