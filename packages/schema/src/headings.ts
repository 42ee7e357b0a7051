/**
 * The outline of a page body, for tables of contents and section search.
 */
import type { PMNodeJSON } from './json.ts';
import { inlineText } from './inline-text.ts';

/** One heading of a page: its level (1–4) and its text. */
export interface HeadingInfo {
  level: number;
  text: string;
}

function collectHeadings(node: PMNodeJSON, out: HeadingInfo[]): void {
  if (node.type === 'heading') {
    const level = Number(node.attrs?.level ?? 1);
    out.push({ level: Number.isFinite(level) ? level : 1, text: inlineText(node).replace(/\s+/g, ' ').trim() });
    return;
  }
  for (const child of node.content ?? []) collectHeadings(child, out);
}

/** Every heading of `doc` in document order, including headings nested in lists, quotes and tables. */
export function docToHeadings(doc: PMNodeJSON): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  collectHeadings(doc, out);
  return out;
}
