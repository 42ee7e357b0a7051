import { getDocumentProxy } from 'unpdf';
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
  const first = await print(document, printHtml(document));
  if (!document.toc) return first;
  // The table of contents gets its page numbers from where the first print put each section.
  const pages = await sectionPages(first, document);
  if (pages.every((p) => p === null)) return first;
  return print(document, printHtml(document, pages));
}

/**
 * The page each section's heading is on, from the PDF's outline (Chromium writes one entry per
 * heading, in document order): the sections' titles are looked up in order after the table of
 * contents' own heading, so a title that also appears earlier (the cover) is not taken for it.
 */
async function sectionPages(pdfBytes: Buffer, document: PrintDocument): Promise<(number | null)[]> {
  const pdf = await getDocumentProxy(new Uint8Array(pdfBytes), { verbosity: 0, useSystemFonts: false, disableFontFace: true });
  try {
    const flat: { title: string; dest: unknown }[] = [];
    const visit = (items: { title: string; dest: unknown; items: unknown[] }[] | null) => {
      for (const item of items ?? []) {
        flat.push({ title: normalized(item.title), dest: item.dest });
        visit(item.items as typeof items);
      }
    };
    visit((await pdf.getOutline()) as { title: string; dest: unknown; items: unknown[] }[] | null);
    let k = flat.findIndex((item) => item.title === 'Inhalt') + 1;
    const pages: (number | null)[] = [];
    for (const section of document.sections) {
      const want = normalized(section.title);
      let found = k;
      while (found < flat.length && flat[found]!.title !== want) found++;
      if (found >= flat.length) {
        pages.push(null);
        continue;
      }
      k = found + 1;
      pages.push(await pageOf(pdf, flat[found]!.dest));
    }
    return pages;
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function normalized(title: string): string {
  return title.replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
}

async function pageOf(pdf: Awaited<ReturnType<typeof getDocumentProxy>>, dest: unknown): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[] | null);
    const ref = explicit?.[0];
    if (ref === undefined || ref === null) return null;
    return typeof ref === 'number' ? ref + 1 : (await pdf.getPageIndex(ref as Parameters<typeof pdf.getPageIndex>[0])) + 1;
  } catch {
    return null;
  }
}

function print(document: PrintDocument, html: string): Promise<Buffer> {
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
