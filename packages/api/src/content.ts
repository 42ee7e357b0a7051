/** Page bodies: replace, import from Markdown, export, backlinks (`/pages/:id/content` …). */
import { type Static, Type } from 'typebox';
import { Body, DocSchema, Nullable, Uuid } from './common.ts';
import { PageSummarySchema, PageTitle } from './pages.ts';

/** Markdown as sent; the body limit bounds it (several hundred KB are normal). */
export const Markdown = Type.String({ description: 'GitHub-flavoured Markdown; any text is accepted' });

export const HeadingSchema = Type.Object({ level: Type.Integer({ minimum: 1, maximum: 4 }), text: Type.String() });
export type Heading = Static<typeof HeadingSchema>;

/** What a content change answers: the stored body and what was derived from it. */
export const ContentSchema = Type.Object({
  id: Uuid,
  doc: DocSchema,
  headings: Type.Array(HeadingSchema),
  links: Type.Object({
    pageIds: Type.Array(Type.String()),
    steps: Type.Array(Type.Object({ processId: Type.String(), elementId: Type.String() })),
  }),
  /** False when the new body equalled the old one (nothing was written). */
  changed: Type.Boolean(),
});
export type Content = Static<typeof ContentSchema>;

export const BacklinkSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  spaceId: Uuid,
  spaceName: Type.String(),
});
export type Backlink = Static<typeof BacklinkSchema>;

/** Exactly one of `markdown` and `doc` (checked by the server with a readable message). */
export const ReplaceContentBody = Body({ markdown: Type.Optional(Markdown), doc: Type.Optional(DocSchema) });

export const ImportPageBody = Body({ spaceId: Uuid, parentId: Type.Optional(Nullable(Uuid)), title: PageTitle, markdown: Markdown });
export type ImportPageInput = Static<typeof ImportPageBody>;

/** Office documents `POST /pages/import` takes as multipart/form-data (field `file`). */
export const IMPORT_DOCUMENT_EXTENSIONS = ['.docx', '.odt'] as const;

/**
 * The multipart form of `POST /pages/import`: fields `spaceId`, `parentId` (optional), `title`
 * (optional: the document's first heading, else the file name) and the document in `file`. The
 * server reads the parts and describes the file here (`file` cannot be sent as JSON).
 */
export const ImportDocumentBody = Body({
  spaceId: Uuid,
  parentId: Type.Optional(Nullable(Uuid)),
  title: Type.Optional(PageTitle),
  file: Type.Object(
    { name: Type.String(), size: Type.Integer({ minimum: 0 }), format: Type.Union([Type.Literal('docx'), Type.Literal('odt')]) },
    { description: 'The DOCX or ODT file sent in the multipart field `file`' },
  ),
});
export type ImportDocumentInput = Static<typeof ImportDocumentBody>;
/** JSON with Markdown, or multipart/form-data with a DOCX/ODT file. */
export const ImportBody = Type.Union([ImportPageBody, ImportDocumentBody]);
export const ImportedPageSchema = Type.Object({ ...PageSummarySchema.properties, doc: DocSchema });
export type ImportedPage = Static<typeof ImportedPageSchema>;

export const ExportFormatSchema = Type.Union(
  [Type.Literal('markdown'), Type.Literal('html'), Type.Literal('pdf'), Type.Literal('docx'), Type.Literal('odt')],
  { default: 'markdown' },
);
export type ExportFormat = Static<typeof ExportFormatSchema>;
/** The print formats (server/src/exports): one document with header, footer and, for a subtree, a table of contents. */
export const PRINT_EXPORT_FORMATS = ['pdf', 'docx', 'odt'] as const;
export type PrintExportFormat = (typeof PRINT_EXPORT_FORMATS)[number];
export const ExportQuery = Type.Object({
  format: ExportFormatSchema,
  /** Append the page's comment threads (plain text) after the body (markdown and html). */
  comments: Type.Optional(Type.Boolean()),
  /** pdf, docx, odt: the page and every live page below it as one document with a table of contents. */
  subtree: Type.Optional(Type.Boolean({ description: 'pdf, docx, odt: the page and the live pages below it, in tree order, as one document with a table of contents' })),
});
export const ExportFileSchema = Type.String({ description: 'The file, named after the page title' });
/** The page export's answers by media type (text formats and the binary print formats). */
export const PageExportFileSchema = {
  description: 'The file, named after the page title',
  content: {
    'text/markdown': { schema: Type.String() },
    'text/html': { schema: Type.String() },
    'application/pdf': { schema: Type.String({ format: 'binary' }) },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: Type.String({ format: 'binary' }) },
    'application/vnd.oasis.opendocument.text': { schema: Type.String({ format: 'binary' }) },
  },
};

// The lists the routes answer with.
export const BacklinkListSchema = Type.Array(BacklinkSchema);
