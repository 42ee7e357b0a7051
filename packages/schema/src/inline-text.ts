/**
 * The readable text of inline content, shared by the plain-text, heading and HTML-free
 * derivations. Atoms read as their display fallback so search finds what the reader sees.
 */
import type { PMNodeJSON } from './json.ts';
import { schema } from './schema.ts';

/** True for node types that sit inside a textblock (text, hard breaks, images, links to pages and steps). */
export function isInlineJSON(node: PMNodeJSON): boolean {
  return node.type === 'text' || schema.nodes[node.type]?.isInline === true;
}

/** The text a reader sees for one inline node. */
export function inlineNodeText(node: PMNodeJSON): string {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hard_break':
      return '\n';
    case 'image':
      return typeof attrs.alt === 'string' ? attrs.alt : '';
    case 'page_link':
      return String(attrs.title || attrs.pageId || '');
    case 'mention':
      return `@${String(attrs.label || '')}`;
    case 'step_link':
      return String(attrs.label || attrs.elementId || '');
    case 'file':
      return String(attrs.name || '');
    default:
      return (node.content ?? []).map(inlineNodeText).join('');
  }
}

/** The text of a node's inline children (a paragraph, heading or code block). */
export function inlineText(node: PMNodeJSON): string {
  return (node.content ?? []).map(inlineNodeText).join('');
}
