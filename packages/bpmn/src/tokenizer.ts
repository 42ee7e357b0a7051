/**
 * The one XML tokenizer of this package: the import's single pass (normalize.ts) and the export's
 * link writer (links.ts) read tags with it. It only finds markup boundaries and attributes in
 * linear time; well-formedness is left to the parser.
 */

/** Index of the `>` closing the tag that starts before `from`, skipping quoted attribute values; -1 when there is none. */
export function tagEnd(text: string, from: number): number {
  const length = text.length;
  let quote = 0;
  for (let i = from; i < length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e /* > */) {
      return i;
    }
  }
  return -1;
}

/** The element name of the tag whose name starts at `from` (after `<`). */
export function tagName(text: string, from: number, end: number): string {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
    i++;
  }
  return text.slice(from, i);
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

export interface Attribute {
  name: string;
  value: string;
  /** The whole `name="value"`. */
  start: number;
  end: number;
  /** The value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

/**
 * The attributes of a start tag between `from` and `to`, in one linear pass; what is malformed is
 * skipped (the parser refuses it). With `wanted`, only attributes it accepts are returned: the
 * others' values are never copied (names, coordinates: most of a large model's attributes).
 */
export function readAttributes(text: string, from: number, to: number, wanted?: (name: string) => boolean): Attribute[] {
  const out: Attribute[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < to && !isSpace(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x3d /* = */) i++;
    if (i === start) {
      i++;
      continue;
    }
    const name = text.slice(start, i);
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3d) continue;
    i++;
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) continue;
    const valueStart = i + 1;
    const valueEnd = text.indexOf(quote === 0x22 ? '"' : "'", valueStart);
    if (valueEnd === -1 || valueEnd >= to) break;
    if (wanted && !wanted(name)) {
      i = valueEnd + 1;
      continue;
    }
    out.push({ name, value: decodeEntities(text.slice(valueStart, valueEnd)), start, end: valueEnd + 1, valueStart, valueEnd });
    i = valueEnd + 1;
  }
  return out;
}

const ENTITY = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named.toLowerCase()] ?? whole;
    const code = hex ? Number.parseInt(hex, 16) : Number(dec);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
