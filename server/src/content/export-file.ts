import { docToHtml, docToMarkdown, escapeHtml, InvalidDocumentError, type PMNodeJSON } from '@stafette/schema';
import type { Download } from '../http/download.ts';
import { Problem } from '../http/problem.ts';

export type ExportFormat = 'markdown' | 'html';

const EXTENSION: Record<ExportFormat, string> = { markdown: 'md', html: 'html' };

/**
 * A page as a file: GFM Markdown of the body, or a standalone sanitised HTML document. Sent as
 * a sandboxed download (sendDownload): the HTML must never render on the wiki's origin.
 * `marking` (e.g. "Klassifizierung: Vertraulich") opens and closes the file, so a printout or
 * a forwarded copy still says how it is classified.
 */
export function exportFile(title: string, doc: PMNodeJSON, format: ExportFormat, marking?: string): Download {
  const file = { name: title, extension: EXTENSION[format] };
  if (format === 'html') {
    const mark = marking ? `<p class="classification"><strong>${escapeHtml(marking)}</strong></p>\n` : '';
    const body = `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${mark}${docToHtml(doc)}\n${mark}</body>\n</html>\n`;
    return { ...file, body, contentType: 'text/html; charset=utf-8' };
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
  if (marking) markdown = `${marking}\n\n${markdown}${markdown.endsWith('\n') ? '' : '\n'}\n${marking}\n`;
  return { ...file, body: markdown, contentType: 'text/markdown; charset=utf-8' };
}

