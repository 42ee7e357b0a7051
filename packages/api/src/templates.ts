/** Page templates (`/templates`): a gallery of global and per-space templates with fields asked when used. */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, Uuid } from './common.ts';

/** Most fields a template asks for. */
export const PAGE_TEMPLATE_MAX_FIELDS = 20;
/** Longest template body (Markdown). */
export const PAGE_TEMPLATE_BODY_MAX_LENGTH = 200_000;
/** Longest value given for one field. */
export const PAGE_TEMPLATE_FIELD_VALUE_MAX_LENGTH = 2000;

/**
 * A field name as written in the body, `{{Name}}`: letters, digits, spaces, `-`, `_`, `.`, `/`;
 * `datum` and `autor` are filled by the server and need no field.
 */
export const PageTemplateFieldName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _./-]*$' });

export const PageTemplateFieldSchema = Type.Object({
  name: PageTemplateFieldName,
  /** What to enter, shown beside the input. */
  description: Type.String({ maxLength: 300 }),
});
export type PageTemplateField = Static<typeof PageTemplateFieldSchema>;

export const PageTemplateScopeSchema = Type.Union([Type.Literal('global'), Type.Literal('space')]);
export type PageTemplateScope = Static<typeof PageTemplateScopeSchema>;

export const PageTemplateSummarySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  scope: PageTemplateScopeSchema,
  spaceId: Nullable(Uuid),
  fields: Type.Array(PageTemplateFieldSchema),
  /** One of the shipped defaults (e.g. `prozessschritt-handbuch`); null for templates people made. */
  builtinKey: Nullable(Type.String()),
  /** The caller may change or delete it. */
  canManage: Type.Boolean(),
});
export type PageTemplateSummary = Static<typeof PageTemplateSummarySchema>;

export const PageTemplateSchema = Type.Object({
  ...PageTemplateSummarySchema.properties,
  /** Markdown with `{{Feld}}` placeholders; `{{datum}}` and `{{autor}}` are filled when used. */
  body: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PageTemplate = Static<typeof PageTemplateSchema>;

export const PageTemplateListSchema = Type.Object({ items: Type.Array(PageTemplateSummarySchema) });
export type PageTemplateList = Static<typeof PageTemplateListSchema>;

/** Global templates always; a space's too when `spaceId` is given. */
export const PageTemplateListQuery = Type.Object({ spaceId: Type.Optional(Uuid) });

const TemplateName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const TemplateDescription = Type.String({ maxLength: 1000 });
const TemplateBody = Type.String({ maxLength: PAGE_TEMPLATE_BODY_MAX_LENGTH });
const TemplateFields = Type.Array(PageTemplateFieldSchema, { maxItems: PAGE_TEMPLATE_MAX_FIELDS });

/** `spaceId` null or left out: a global template (admins, knowledge managers); else one of that space (owners). */
export const PageCreateTemplateBody = Body({
  name: TemplateName,
  description: Type.Optional(TemplateDescription),
  spaceId: Type.Optional(Nullable(Uuid)),
  fields: Type.Optional(TemplateFields),
  body: TemplateBody,
});
export type PageCreateTemplateInput = Static<typeof PageCreateTemplateBody>;

export const PageUpdateTemplateBody = Body({
  name: Type.Optional(TemplateName),
  description: Type.Optional(TemplateDescription),
  fields: Type.Optional(TemplateFields),
  body: Type.Optional(TemplateBody),
});
export type PageUpdateTemplateInput = Static<typeof PageUpdateTemplateBody>;

/** Values for a template's fields when a page is made from it; fields left out stay visible as `{{Feld}}`. */
export const PageTemplateFieldValues = Type.Record(PageTemplateFieldName, Type.String({ maxLength: PAGE_TEMPLATE_FIELD_VALUE_MAX_LENGTH }), { maxProperties: PAGE_TEMPLATE_MAX_FIELDS });
