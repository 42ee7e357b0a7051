import { type Static, Type } from 'typebox';

/** The kinds of answers a question asks for; all are rich text, the kind guides the form. */
export const QUESTION_KINDS = ['rich_text', 'contacts', 'dates', 'systems', 'process_steps'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Question ids name Yjs fragments (`answer:<id>`) and URL segments: short, lowercase, no spaces. */
export const QUESTION_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const QuestionSchema = Type.Object(
  {
    id: Type.String({ pattern: QUESTION_ID_PATTERN }),
    kind: Type.Union([Type.Literal('rich_text'), Type.Literal('contacts'), Type.Literal('dates'), Type.Literal('systems'), Type.Literal('process_steps')]),
    prompt: Type.String({ minLength: 1, maxLength: 500 }),
    help: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);

export const SectionSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    questions: Type.Array(QuestionSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const TemplateSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  sections: Type.Array(SectionSchema),
});

export type TemplateQuestion = Static<typeof QuestionSchema>;
export type TemplateSection = Static<typeof SectionSchema>;
export type Template = Static<typeof TemplateSchema>;
