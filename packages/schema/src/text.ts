/**
 * Plain text of a page body, for search and previews.
 */
import type { PMNodeJSON } from './json.ts';
import { inlineNodeText, isInlineJSON } from './inline-text.ts';

function collectLines(node: PMNodeJSON, lines: string[]): void {
  const content = node.content ?? [];
  if (content.length === 0) return;
  if (content.some(isInlineJSON)) {
    const text = content.map(inlineNodeText).join('');
    if (text.trim() !== '') lines.push(text);
    return;
  }
  for (const child of content) collectLines(child, lines);
}

/**
 * The text of `doc` with one line per textblock (paragraph, heading, code block line, table
 * cell paragraph); hard breaks become newlines too. Empty blocks are left out.
 */
export function docToText(doc: PMNodeJSON): string {
  const lines: string[] = [];
  collectLines(doc, lines);
  return lines.join('\n');
}
