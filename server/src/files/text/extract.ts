import { Parser as HtmlParser } from 'htmlparser2';
import type { TextKind } from './kinds.ts';
import { FullError, TextSink } from './text-sink.ts';
import { parseXml, xmlText, XmlCorruptError } from './xml-text.ts';
import { readZipEntries, zipDirectory, ZipCorruptError, ZipTooLargeError } from './zip.ts';

/**
 * Text extraction from the bytes of one file, per format. Runs inside the extraction worker
 * (extract-worker.ts), which bounds its time and heap; what a document's own state decides
 * (encrypted, corrupt, too large once inflated, no text at all) comes back as a result.
 */
export type SkipReason = 'encrypted' | 'corrupt' | 'too-large' | 'empty';

export type ExtractResult = { status: 'ok'; text: string; truncated: boolean } | { status: 'skipped'; reason: SkipReason; detail: string };

export interface ExtractJob {
  kind: TextKind;
  bytes: Uint8Array;
  /** Characters kept; the rest of a longer text is not read. */
  maxChars: number;
}

class Skip extends Error {
  constructor(
    readonly reason: SkipReason,
    detail: string,
  ) {
    super(detail);
  }
}

export async function extractText(job: ExtractJob): Promise<ExtractResult> {
  const sink = new TextSink(job.maxChars);
  try {
    await EXTRACTORS[job.kind](job.bytes, sink);
  } catch (err) {
    if (err instanceof Skip) return { status: 'skipped', reason: err.reason, detail: err.message };
    if (err instanceof ZipTooLargeError) return { status: 'skipped', reason: 'too-large', detail: err.message };
    if (err instanceof ZipCorruptError || err instanceof XmlCorruptError) return { status: 'skipped', reason: 'corrupt', detail: err.message };
    if (!(err instanceof FullError)) throw err;
  }
  const text = sink.text();
  if (text.length === 0) return { status: 'skipped', reason: 'empty', detail: 'The document holds no text (a scan without a text layer?).' };
  return { status: 'ok', text, truncated: sink.truncated };
}

const EXTRACTORS: Record<TextKind, (bytes: Uint8Array, sink: TextSink) => Promise<void> | void> = {
  pdf: pdfText,
  docx: docxText,
  odf: odfText,
  xlsx: xlsxText,
  html: htmlText,
  text: plainText,
};

/** PDF through pdf.js (unpdf's build): page by page until the cap; no font code evaluated. */
async function pdfText(bytes: Uint8Array, sink: TextSink): Promise<void> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js transfers (detaches) the buffer it is given. pdf.js 5 no longer evaluates
    // font programs as code (the isEvalSupported hole is gone); fonts are not needed for text.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, useSystemFonts: false, disableFontFace: true, stopAtErrors: false });
  } catch (err) {
    throw pdfFailure(err);
  }
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      let content;
      try {
        const page = await pdf.getPage(n);
        content = await page.getTextContent();
        page.cleanup();
      } catch (err) {
        throw pdfFailure(err);
      }
      for (const item of content.items) {
        if (!('str' in item)) continue;
        sink.add(item.str);
        if (item.hasEOL) sink.newline();
      }
      sink.newline();
    }
  } finally {
    await pdf.loadingTask.destroy();
  }
}

function pdfFailure(err: unknown): Error {
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new Skip('encrypted', 'The PDF is protected by a password.');
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException' || name === 'MissingPDFException') {
    return new Skip('corrupt', `The PDF cannot be read: ${message}`);
  }
  return err instanceof Error ? err : new Error(message);
}

/** DOCX through mammoth's raw text (paragraphs as lines); the ZIP is checked for bombs first. */
async function docxText(bytes: Uint8Array, sink: TextSink): Promise<void> {
  const entries = zipDirectory(bytes);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new Skip('corrupt', 'The file has no word/document.xml.');
  const mammoth = (await import('mammoth')).default;
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch (err) {
    throw new Skip('corrupt', `The Word document cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const line of value.split(/\n+/)) {
    sink.add(line);
    sink.newline();
  }
}

const ODF_RULES = {
  lineEnd: new Set(['text:p', 'text:h', 'table:table-row', 'text:list-item']),
  spaceEnd: new Set(['table:table-cell', 'text:span', 'text:a', 'draw:frame']),
  asSpace: new Set(['text:s', 'text:tab']),
  asNewline: new Set(['text:line-break']),
  // Deleted text of tracked changes, and the document's own forms' hidden data.
  skip: new Set(['text:tracked-changes', 'office:forms', 'office:scripts']),
};

/** ODT, ODS and ODP: the text elements of content.xml. */
function odfText(bytes: Uint8Array, sink: TextSink): void {
  const files = readZipEntries(bytes, (name) => name === 'content.xml' || name === 'META-INF/manifest.xml');
  const content = files.get('content.xml');
  if (!content) {
    // Encrypted ODF files keep content.xml, but encrypted (manifest: manifest:encryption-data).
    throw new Skip('corrupt', 'The file has no content.xml.');
  }
  const manifest = files.get('META-INF/manifest.xml');
  if (manifest && new TextDecoder().decode(manifest).includes('encryption-data')) throw new Skip('encrypted', 'The document is protected by a password.');
  xmlText(content, ODF_RULES, sink);
}

const SHARED_STRINGS_RULES = {
  lineEnd: new Set(['si']),
  spaceEnd: new Set<string>(),
  asSpace: new Set<string>(),
  asNewline: new Set<string>(),
  skip: new Set(['rPh', 'phoneticPr']),
  textIn: new Set(['t']),
};

const WORKBOOK = 'xl/workbook.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** XLSX: sheet names, the shared strings (each cell text once) and the cells' own values. */
function xlsxText(bytes: Uint8Array, sink: TextSink): void {
  const files = readZipEntries(bytes, (name) => name === WORKBOOK || name === SHARED_STRINGS || SHEET.test(name));
  const workbook = files.get(WORKBOOK);
  if (!workbook) throw new Skip('corrupt', 'The file has no xl/workbook.xml.');
  xmlAttributes(workbook, 'sheet', 'name', (name) => {
    sink.add(name);
    sink.newline();
  });
  const shared = files.get(SHARED_STRINGS);
  if (shared) xmlText(shared, SHARED_STRINGS_RULES, sink);
  const sheets = [...files.keys()].filter((n) => SHEET.test(n)).sort((a, b) => Number(SHEET.exec(a)![1]) - Number(SHEET.exec(b)![1]));
  for (const name of sheets) sheetValues(files.get(name)!, sink);
}

/** Numbers, formula results and inline strings of a sheet; shared strings came from their table. */
function sheetValues(bytes: Uint8Array, sink: TextSink): void {
  let cellType = 'n';
  let inValue = false;
  parseXml(bytes, {
    open(name, attributes) {
      if (name === 'c') cellType = attributes.t ?? 'n';
      else if (name === 'v') inValue = cellType !== 's' && cellType !== 'b' && cellType !== 'e';
      else if (name === 't') inValue = cellType === 'inlineStr';
    },
    close(name) {
      if (name === 'v' || name === 't') inValue = false;
      else if (name === 'c') sink.space();
      else if (name === 'row') sink.newline();
    },
    text(text) {
      if (inValue) sink.add(text);
    },
  });
}

function xmlAttributes(bytes: Uint8Array, element: string, attribute: string, each: (value: string) => void): void {
  parseXml(bytes, {
    open(name, attributes) {
      const value = attributes[attribute];
      if (name === element && value) each(value);
    },
  });
}

/** HTML: the text outside scripts and styles. */
function htmlText(bytes: Uint8Array, sink: TextSink): void {
  const BLOCK = /^(p|div|h[1-6]|li|tr|br|section|article|header|footer|table|ul|ol|pre|blockquote|title)$/;
  let hidden = 0;
  let failure: unknown = null;
  const parser = new HtmlParser(
    {
      onopentagname(name) {
        if (name === 'script' || name === 'style' || name === 'template' || name === 'noscript') hidden++;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'template' || name === 'noscript') hidden = Math.max(0, hidden - 1);
        else if (BLOCK.test(name)) sink.newline();
        else if (name === 'td' || name === 'th') sink.space();
      },
      ontext(text) {
        if (hidden > 0 || failure) return;
        try {
          sink.add(decodeEntities(text));
        } catch (err) {
          failure = err;
        }
      },
    },
    { decodeEntities: false },
  );
  parser.write(decodeText(bytes));
  parser.end();
  if (failure) throw failure;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), m);
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10), m);
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[lower] ?? m;
  });
}

function safeCodePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** Plain text: UTF-8 (with or without BOM), else Windows-1252, still the default of many German offices. */
function plainText(bytes: Uint8Array, sink: TextSink): void {
  sink.add(decodeText(bytes).replace(/\r\n?/g, '\n'));
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
