/**
 * Open government (server/src/publishing): space owners publish a page, a page with its subtree,
 * or a process with the public pages of its steps; citizens read them under `/public` without an
 * account. Only content classified `oeffentlich` is ever shown, decided again on every request.
 */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable } from './common.ts';
import { ClassificationKeySchema } from './classification.ts';

export const PUBLISHING_MUNICIPALITY_MAX_LENGTH = 200;
export const PUBLISHING_URL_MAX_LENGTH = 2000;
export const PUBLISHING_LICENCE_MAX_LENGTH = 200;

export const PublishPageBody = Type.Optional(
  Body({
    /** Also every sub-page (each only while it is `oeffentlich` itself). */
    subtree: Type.Optional(Type.Boolean()),
  }),
);
export type PublishPageInput = Static<typeof PublishPageBody>;

/** Whether and where a page or process is published, and whether it may be. */
export const PublicationSchema = Type.Object({
  published: Type.Boolean(),
  /** Pages only: the sub-pages are published too. */
  subtree: Type.Boolean(),
  /** The absolute address on the public portal; null while not published. */
  publicUrl: Nullable(Type.String()),
  publishedAt: Nullable(DateTime),
  /** The effective level (for a process: its space's); only `oeffentlich` may be published. */
  classification: ClassificationKeySchema,
  publishable: Type.Boolean(),
  /** Pages only: sub-pages (subtree) or attached pages (process) left out because they are not `oeffentlich`. */
  leftOut: Type.Integer({ minimum: 0 }),
});
export type Publication = Static<typeof PublicationSchema>;

/** The portal's settings: the municipality it speaks for, its imprint, the open-data licence. */
export const PublishingSettingsSchema = Type.Object({
  municipalityName: Type.String(),
  imprintUrl: Nullable(Type.String()),
  /** A licence id of the German open-data licence list (e.g. `dl-de/by-2-0`) or a licence URL. */
  licence: Type.String(),
  /** Process packages carry pages up to this level; higher ones are listed as left out (default `intern`). */
  packageMaxLevel: ClassificationKeySchema,
});
export type PublishingSettings = Static<typeof PublishingSettingsSchema>;

export const UpdatePublishingSettingsBody = Body({
  municipalityName: Type.String({ maxLength: PUBLISHING_MUNICIPALITY_MAX_LENGTH }),
  imprintUrl: Nullable(Type.String({ maxLength: PUBLISHING_URL_MAX_LENGTH, pattern: '^https?://\\S+$' })),
  licence: Type.String({ minLength: 1, maxLength: PUBLISHING_LICENCE_MAX_LENGTH, pattern: '^\\S+$' }),
  /** Absent: unchanged. */
  packageMaxLevel: Type.Optional(ClassificationKeySchema),
});
export type UpdatePublishingSettingsInput = Static<typeof UpdatePublishingSettingsBody>;

/** A process package (`GET /processes/:id/package`): one `.stafette.zip` another Stafette instance can import. */
export const ProcessPackageFileSchema = {
  description: 'The package: manifest.json, process.bpmn, pages/<id>.md and pages/<id>.yjs (see server/src/packages/README.md)',
  content: { 'application/zip': { schema: Type.String({ format: 'binary' }) } },
};
