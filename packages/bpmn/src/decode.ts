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
    return { text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    throw new BpmnImportError(
      'bad-encoding',
      `The file is not valid ${decoder.encoding.toUpperCase()} although it declares (or defaults to) that encoding; ` +
        'it was probably saved in another encoding such as Windows-1252. Re-export it as UTF-8 or fix the encoding declaration.',
    );
  }
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
