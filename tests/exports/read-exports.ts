/// <reference path="./pdfjs-worker.d.ts" />
import { unzipSync, strFromU8 } from 'fflate';
import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What a test reads back from the print exports: real parsers, as a user's office suite would. */

export interface PdfFacts {
  pages: number;
  /** Text of each page, runs joined as they sit on their line, lines by a space. */
  texts: string[];
  /** Link targets (URI annotations) over all pages. */
  links: string[];
  /** Fonts the pages use and whether each has its font program in the file. */
  fonts: { name: string; embedded: boolean }[];
}

/**
 * pdf.js in Node runs its worker in this thread, taken from `globalThis.pdfjsWorker` when set. The
 * server under test reads PDFs with unpdf (another pdf.js version) in this same process and sets
 * it: pdfjs-dist gets its own worker for the time it opens a file.
 */
async function withOwnWorker<T>(open: () => Promise<T>): Promise<T> {
  const global = globalThis as { pdfjsWorker?: unknown };
  const previous = global.pdfjsWorker;
  global.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  try {
    return await open();
  } finally {
    global.pdfjsWorker = previous;
  }
}

export async function readPdf(bytes: Buffer): Promise<PdfFacts> {
  const pdf = await withOwnWorker(() => getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, fontExtraProperties: true, verbosity: 0 }).promise);
  const texts: string[] = [];
  const links: string[] = [];
  const fonts = new Map<string, boolean>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    // Runs are joined as they sit on the line (a hyphenated word is several runs); a line end is a space.
    texts.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' '));
    for (const a of await page.getAnnotations()) if (a.subtype === 'Link' && a.url) links.push(a.url as string);
    await page.getOperatorList();
    // Fonts loaded for this page: pdf.js marks those whose program is missing from the file.
    for (const [id, data] of (page.commonObjs as unknown as { [Symbol.iterator](): Iterator<[string, unknown]> })) {
      // Font objects are g_<doc>_f<n>; their glyph outlines (…_path_…) are skipped.
      if (!/^g_d\d+_f\d+$/.test(id)) continue;
      const f = data as { name?: string; missingFile?: boolean; loadedName?: string };
      fonts.set(f.name ?? f.loadedName ?? id, !f.missingFile);
    }
  }
  await pdf.destroy();
  return { pages: texts.length, texts, links, fonts: [...fonts].map(([name, embedded]) => ({ name, embedded })) };
}

export function unzip(bytes: Buffer): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(bytes));
}

export const text = (files: Record<string, Uint8Array>, name: string): string => strFromU8(files[name]!);

/** The names of the zip entries in the order they are stored, and how the first is stored (0 = stored). */
export function zipEntries(bytes: Buffer): { names: string[]; firstMethod: number } {
  const names: string[] = [];
  let offset = 0;
  let firstMethod = -1;
  while (bytes.readUInt32LE(offset) === 0x04034b50) {
    const method = bytes.readUInt16LE(offset + 8);
    const compressed = bytes.readUInt32LE(offset + 18);
    const nameLength = bytes.readUInt16LE(offset + 26);
    const extraLength = bytes.readUInt16LE(offset + 28);
    names.push(bytes.subarray(offset + 30, offset + 30 + nameLength).toString('utf8'));
    if (firstMethod < 0) firstMethod = method;
    offset += 30 + nameLength + extraLength + compressed;
  }
  return { names, firstMethod };
}

export async function docxHtml(bytes: Buffer): Promise<string> {
  return (await mammoth.convertToHtml({ buffer: bytes })).value;
}
