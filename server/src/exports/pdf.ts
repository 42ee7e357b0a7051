import { withPrintPage } from '../processes/diagram-renderer.ts';
import { EXPORT_LIMITS, exportUnavailable } from './limits.ts';
import type { PrintDocument } from './print-document.ts';
import { DIAGRAM_URL, footerTemplate, headerTemplate, PRINT_ORIGIN, printHtml } from './print-html.ts';

/**
 * The print document as PDF, printed by the headless Chromium the diagram export already runs
 * (same pool, same concurrency limit): real text with embedded font subsets, live links, a
 * tagged PDF with an outline from the headings, A4 with header and footer on every page.
 * Chromium does not write PDF/A (README.md of this folder). The page runs no JavaScript and
 * loads nothing but the document and its images, answered from memory.
 */
export async function writePdf(document: PrintDocument): Promise<Buffer> {
  const html = printHtml(document);
  return withPrintPage(
    EXPORT_LIMITS.pdfTimeoutMs,
    async (page) => {
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === `${PRINT_ORIGIN}/`) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        if (url === DIAGRAM_URL && document.diagram?.svg) return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: document.diagram.svg });
        const image = url.startsWith(`${PRINT_ORIGIN}/image/`) ? document.images.get(url.slice(`${PRINT_ORIGIN}/image/`.length)) : undefined;
        if (image) return route.fulfill({ status: 200, contentType: image.type, body: image.bytes });
        return route.abort();
      });
      await page.goto(`${PRINT_ORIGIN}/`, { waitUntil: 'load', timeout: EXPORT_LIMITS.pdfTimeoutMs });
      await page.emulateMedia({ media: 'print' });
      return page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: headerTemplate(document),
        footerTemplate: footerTemplate(document),
        margin: { top: '24mm', bottom: '22mm', left: '22mm', right: '18mm' },
        tagged: true,
        outline: true,
      });
    },
    exportUnavailable,
  );
}
