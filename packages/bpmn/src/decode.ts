import { TextDecoder } from 'node:util';
import { BpmnImportError } from './errors.ts';

const DECLARATION = /^<\?xml\s[^>]{0,300}?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]{0,40})["']/;
const UTF16 = /^utf-?16(le|be)?$/i;

export interface DecodedXml {
  text: string;
  /** Canonical WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
}

/**
 * Turns the uploaded bytes into text. A byte-order mark wins; otherwise the XML declaration's
 * `encoding` decides (UTF-8 when absent, as XML prescribes). Decoding is strict, so a file that
 * claims UTF-8 but was saved as Windows-1252 is refused instead of silently garbled.
 */
export function decodeXml(bytes: Uint8Array): DecodedXml {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeWith('utf-8', bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  // '<' '?' as UTF-16 without a BOM.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) {
    return decodeWith('utf-16le', bytes);
  }
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) {
    return decodeWith('utf-16be', bytes);
  }

  // Refuse binary uploads (images, zips, PDFs) as "not XML" before they can fail as bad UTF-8.
  let first = 0;
  while (first < bytes.length && isXmlSpace(bytes[first])) first++;
  if (bytes[first] !== 0x3c) throw notXml();

  const head = latin1Head(bytes, 400);
  const declared = DECLARATION.exec(head)?.[1];
  // A single-byte document that declares UTF-16 is lying about its encoding; its bytes are
  // ASCII-compatible, which is what we read it as.
  const label = declared === undefined || UTF16.test(declared) ? 'utf-8' : declared;
  return decodeWith(label, bytes);
}

function decodeWith(label: string, bytes: Uint8Array): DecodedXml {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    throw new BpmnImportError('bad-encoding', 'The file declares a character encoding that is not supported.');
  }
  if (decoder.encoding === 'replacement') {
    throw new BpmnImportError('bad-encoding', 'The file declares a character encoding that is not supported.');
  }
  try {
    const text = decoder.decode(bytes);
    return { text: decoder.encoding === 'windows-1252' ? fixWindows1252(text) : text, encoding: decoder.encoding };
  } catch {
    throw new BpmnImportError(
      'bad-encoding',
      `The file is not valid ${decoder.encoding.toUpperCase()} although it declares (or defaults to) that encoding; ` +
        'it was probably saved in another encoding such as Windows-1252. Re-export it as UTF-8 or fix the encoding declaration.',
    );
  }
}

// Node 20's TextDecoder decodes windows-1252 (and so ISO-8859-1, its WHATWG alias) as plain
// Latin-1, leaving 0x80-0x9F as C1 controls where Windows has €, „, “, – and friends.
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1.charAt(c.charCodeAt(0) - 0x80));
}

function isXmlSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export function notXml(): BpmnImportError {
  return new BpmnImportError('not-xml', 'The file is not XML: it does not start with an XML declaration or element.');
}

function latin1Head(bytes: Uint8Array, max: number): string {
  const end = Math.min(bytes.length, max);
  let out = '';
  for (let i = 0; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}
