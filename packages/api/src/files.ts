/** Files attached to pages (`/pages/:id/attachments`, `/attachments/:id`). */
import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Uuid, UserRefSchema } from './common.ts';

export const AttachmentTextStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('ok'), Type.Literal('skipped'), Type.Literal('failed')]);
export type AttachmentTextStatus = Static<typeof AttachmentTextStatusSchema>;

export const AttachmentSchema = Type.Object({
  id: Uuid,
  pageId: Uuid,
  /** The uploaded name (Unicode), as the download is named. */
  name: Type.String(),
  /** MIME type sniffed from the bytes, never taken from the client. */
  type: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  /** The bytes: `GET /api/v1/attachments/:id`. */
  url: Type.String(),
  /** A thumbnail URL without width (add `?w=`) for raster images; null for other files. */
  thumbnailUrl: Nullable(Type.String()),
  uploader: Nullable(UserRefSchema),
  createdAt: DateTime,
  /** Whether search finds the file's text (server/src/files/text): `pending` until the indexer read it. */
  textStatus: AttachmentTextStatusSchema,
  /**
   * Why the text is not searchable: `encrypted`, `corrupt`, `too-large`, `empty` (no text, e.g. a
   * scan), `no-text` (a type without text) when skipped; `timeout`, `memory`, `error` when failed.
   */
  textReason: Nullable(Type.String()),
});
export type Attachment = Static<typeof AttachmentSchema>;

export const AttachmentListSchema = Type.Array(AttachmentSchema);

/** Widths a thumbnail is rendered at: `?w=` is rounded up to the next of them (the largest past it). */
export const THUMBNAIL_WIDTHS = [160, 320, 640, 1280] as const;

export const ThumbnailQuery = Type.Object({
  w: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 320, description: `Rounded up to one of ${THUMBNAIL_WIDTHS.join(', ')}` })),
});

/** The bytes of an attachment, in its sniffed type (200 whole, 206 a range). */
export const AttachmentBytesSchema = {
  description: 'The file: raster images inline, everything else as a download',
  content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
};

/** A WebP thumbnail. */
export const ThumbnailSchema = {
  description: 'A WebP image at most the asked width',
  content: { 'image/webp': { schema: Type.String({ format: 'binary' }) } },
};
