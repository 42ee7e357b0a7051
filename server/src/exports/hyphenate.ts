/// <reference path="./hyphen.d.ts" />
import hyphen from 'hyphen/de';
import type { PMNodeJSON } from '@stafette/schema';

/**
 * Soft hyphens (U+00AD) at the German hyphenation points (TeX patterns, reformed orthography)
 * in the prose of a body: Chromium has no hyphenation dictionaries here, so `hyphens: auto`
 * alone sets the PDF ragged with long compounds ("Verwaltungsgebührenordnung") pushed to the
 * next line. A soft hyphen is invisible unless the line breaks there. Code, links and URLs are
 * left as written, so nothing copied from them gains a character.
 */
export function hyphenateDoc(node: PMNodeJSON): PMNodeJSON {
  if (node.type === 'code_block') return node;
  if (node.type === 'text') {
    if (!node.text || node.marks?.some((m) => m.type === 'code' || m.type === 'link')) return node;
    return { ...node, text: hyphenateText(node.text) };
  }
  return node.content ? { ...node, content: node.content.map(hyphenateDoc) } : node;
}

/** Words only: tokens with a digit, "@", "/" or ":" (addresses, file numbers, URLs) stay whole. */
export function hyphenateText(text: string): string {
  return text.replace(/[^\s]{6,}/g, (token) => (/[\d@/:\\_]/.test(token) ? token : hyphen.hyphenateSync(token, { minWordLength: 6 })));
}
