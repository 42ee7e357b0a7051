import { docToHtml, docToMarkdown, escapeHtml, InvalidDocumentError, type PMNodeJSON } from '@stafette/schema';
import type { Download } from '../http/download.ts';
import { Problem } from '../http/problem.ts';

export type ExportFormat = 'markdown' | 'html';

const EXTENSION: Record<ExportFormat, string> = { markdown: 'md', html: 'html' };

/**
 * A page as a file: GFM Markdown of the body, or a standalone sanitised HTML document. Sent as
 * a sandboxed download (sendDownload): the HTML must never render on the wiki's origin.
 */
export function exportFile(title: string, doc: PMNodeJSON, format: ExportFormat): Download {
  const file = { name: title, extension: EXTENSION[format] };
  if (format === 'html') {
    const body = `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${docToHtml(doc)}\n</body>\n</html>\n`;
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
  return { ...file, body: markdown, contentType: 'text/markdown; charset=utf-8' };
}

