import { docToHtml, docToMarkdown, escapeHtml, InvalidDocumentError, type PMNodeJSON } from '@stafette/schema';
import { Problem } from '../http/problem.ts';

export type ExportFormat = 'markdown' | 'html';

export interface ExportFile {
  body: string;
  contentType: string;
  contentDisposition: string;
}

const EXTENSION: Record<ExportFormat, string> = { markdown: 'md', html: 'html' };

/** A page as a file: GFM Markdown of the body, or a standalone sanitised HTML document. */
export function exportFile(title: string, doc: PMNodeJSON, format: ExportFormat): ExportFile {
  const disposition = contentDisposition(title, EXTENSION[format]);
  if (format === 'html') {
    const body = `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${docToHtml(doc)}\n</body>\n</html>\n`;
    return { body, contentType: 'text/html; charset=utf-8', contentDisposition: disposition };
  }
  let markdown: string;
  try {
    markdown = docToMarkdown(doc);
  } catch (err) {
    // Only a client that wrote elements outside the page schema gets here.
    if (err instanceof InvalidDocumentError) {
      throw new Problem(422, 'document-not-exportable', 'Document cannot be exported', `The page holds content outside the page schema: ${err.message}`);
    }
    throw err;
  }
  return { body: markdown, contentType: 'text/markdown; charset=utf-8', contentDisposition: disposition };
}

/** Longest file name stem in characters: titles run to 1000, file systems allow 255 bytes. */
const MAX_STEM = 120;

/**
 * `attachment` with the title as file name (RFC 6266): an ASCII fallback and the UTF-8 name
 * (RFC 8187). Characters file systems or headers refuse become `_`.
 */
export function contentDisposition(title: string, extension: string): string {
  const stem =
    [...title.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')].slice(0, MAX_STEM).join('').trim() || 'page';
  const name = `${stem}.${extension}`;
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
