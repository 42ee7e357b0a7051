import path from 'node:path';
import { fileTypeFromFile } from 'file-type';

/** What the bytes of an upload are, decided from the bytes; the name only picks among text types. */
export type Sniffed = { ok: true; type: string } | { ok: false; detected: string; extension: string };

/** Extensions that say the same thing as file-type's canonical one. */
const SAME_AS: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', tiff: 'tif', htm: 'html', oga: 'ogg', mpeg: 'mpg', m4v: 'mp4' };

/** Text formats, told apart by the name once the bytes proved to be text. */
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  xhtml: 'application/xhtml+xml',
  svg: 'image/svg+xml',
  xml: 'application/xml',
  bpmn: 'application/xml',
  json: 'application/json',
  ics: 'text/calendar',
  vcf: 'text/vcard',
};

/** Bytes of no recognised format. */
const OCTET_STREAM = 'application/octet-stream';

function extensionOf(name: string): string {
  const ext = path.extname(name).slice(1).toLowerCase();
  return SAME_AS[ext] ?? ext;
}

/**
 * Text: valid UTF-8 (a BOM allowed), or Latin-1-ish 8-bit text, with no NUL and hardly any
 * control characters. Old Windows exports are often Windows-1252, so high bytes alone do not
 * make a file binary.
 */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) controls += 1;
  }
  return controls / head.length < 0.01;
}

/**
 * The MIME type of a spooled upload. A file whose bytes say one format and whose extension
 * another is refused (a `.pdf` that is an executable, a `.jpg` that is HTML); plain text is
 * always accepted, typed by its extension among text formats.
 */
export async function sniff(file: string, head: Buffer, name: string, supported: ReadonlySet<string>): Promise<Sniffed> {
  const extension = extensionOf(name);
  // An empty file claims nothing: kept as what its name says among text types, else as bytes.
  if (head.length === 0) return { ok: true, type: TEXT_TYPES[extension] ?? OCTET_STREAM };
  const detected = await fileTypeFromFile(file);
  // file-type reads `<?xml` as XML: an SVG or BPMN file is text like any other.
  if (detected && detected.ext !== 'xml') {
    if (extension === '' || extension === detected.ext) return { ok: true, type: detected.mime };
    return { ok: false, detected: detected.ext, extension };
  }
  if (looksLikeText(head)) return { ok: true, type: TEXT_TYPES[extension] ?? 'text/plain' };
  // Unknown binary bytes under a name that promises a format file-type would have recognised.
  if (extension !== '' && supported.has(extension)) return { ok: false, detected: 'unknown binary data', extension };
  return { ok: true, type: OCTET_STREAM };
}
