/**
 * Sanitised HTML of a page body for export, e-mail and read-only views. Written from the JSON
 * directly: every text and attribute value is escaped and every URL checked here, and node or
 * mark types this module does not know contribute only their children, so no markup from the
 * document reaches the output unescaped.
 */
import type { PMMarkJSON, PMNodeJSON } from './json.ts';
import { fileCardAttrs, MAX_HEADING_LEVEL, mentionAttrs } from './schema.ts';
import { pageLinkAttrs, stepLinkAttrs } from './link-anchors.ts';
import { isSafeHref, isSafeImageSrc } from './urls.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `&`, `<`, `>`, `"` and `'` so `value` is inert in text and in quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

type Attrs = Record<string, string | number | boolean | null | undefined>;

function attrsHtml(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

function element(tag: string, attrs: Attrs, inner: string): string {
  return `<${tag}${attrsHtml(attrs)}>${inner}</${tag}>`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function positiveInt(value: unknown, fallback: number): number {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : fallback;
}

function wrapMark(mark: PMMarkJSON, inner: string): string {
  switch (mark.type) {
    case 'strong':
      return element('strong', {}, inner);
    case 'em':
      return element('em', {}, inner);
    case 'code':
      return element('code', {}, inner);
    case 'underline':
      return element('u', {}, inner);
    case 'strike':
      return element('s', {}, inner);
    case 'link': {
      const href = mark.attrs?.href;
      if (!isSafeHref(href)) return inner;
      return element('a', { href, title: str(mark.attrs?.title) || null, rel: 'noopener noreferrer nofollow' }, inner);
    }
    default:
      return inner;
  }
}

function withMarks(node: PMNodeJSON, inner: string): string {
  const marks = node.marks ?? [];
  // The first mark in ProseMirror order is the outermost, as DOMSerializer renders it.
  return marks.reduceRight((html, mark) => wrapMark(mark, html), inner);
}

function children(node: PMNodeJSON): string {
  return (node.content ?? []).map(nodeHtml).join('');
}

function cellHtml(tag: 'td' | 'th', node: PMNodeJSON): string {
  const colspan = positiveInt(node.attrs?.colspan, 1);
  const rowspan = positiveInt(node.attrs?.rowspan, 1);
  return element(tag, { colspan: colspan > 1 ? colspan : null, rowspan: rowspan > 1 ? rowspan : null }, children(node));
}

function nodeHtml(node: PMNodeJSON): string {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text':
      return withMarks(node, escapeHtml(node.text ?? ''));
    case 'paragraph':
      return element('p', {}, children(node));
    case 'heading': {
      const level = Math.min(positiveInt(attrs.level, 1), MAX_HEADING_LEVEL);
      return element(`h${level}`, {}, children(node));
    }
    case 'blockquote':
      return element('blockquote', {}, children(node));
    case 'horizontal_rule':
      return '<hr>';
    case 'code_block': {
      const language = str(attrs.language);
      const text = (node.content ?? []).map((child) => child.text ?? '').join('');
      return element(
        'pre',
        { 'data-language': language || null },
        element('code', { class: language ? `language-${language}` : null }, escapeHtml(text)),
      );
    }
    case 'bullet_list':
      return element('ul', {}, children(node));
    case 'ordered_list': {
      const order = Number.isInteger(attrs.order) ? (attrs.order as number) : 1;
      return element('ol', { start: order === 1 ? null : order }, children(node));
    }
    case 'list_item':
      return element('li', {}, children(node));
    case 'task_list':
      return element('ul', { class: 'task-list', 'data-type': 'task_list' }, children(node));
    case 'task_item': {
      const checked = attrs.checked === true;
      const box = `<input${attrsHtml({ type: 'checkbox', disabled: true, checked })}>`;
      return element('li', { class: 'task-item', 'data-type': 'task_item', 'data-checked': String(checked) }, box + children(node));
    }
    case 'table':
      return element('table', {}, element('tbody', {}, children(node)));
    case 'table_row':
      return element('tr', {}, children(node));
    case 'table_cell':
      return cellHtml('td', node);
    case 'table_header':
      return cellHtml('th', node);
    case 'hard_break':
      return withMarks(node, '<br>');
    case 'image': {
      if (!isSafeImageSrc(attrs.src)) return withMarks(node, escapeHtml(str(attrs.alt)));
      return withMarks(node, `<img${attrsHtml({ src: attrs.src, alt: str(attrs.alt), title: str(attrs.title) || null })}>`);
    }
    case 'page_link': {
      const pageId = str(attrs.pageId);
      if (!pageId) return escapeHtml(str(attrs.title));
      const title = str(attrs.title);
      return element('a', pageLinkAttrs(pageId, title), escapeHtml(title || pageId));
    }
    case 'mention': {
      const label = `@${str(attrs.label)}`;
      const id = str(attrs.id);
      return /^[0-9a-f-]{36}$/i.test(id) ? element('span', mentionAttrs(id), escapeHtml(label)) : escapeHtml(label);
    }
    case 'step_link': {
      const processId = str(attrs.processId);
      const elementId = str(attrs.elementId);
      const label = str(attrs.label);
      if (!processId || !elementId) return escapeHtml(label);
      return element('a', stepLinkAttrs(processId, elementId, label), escapeHtml(label || elementId));
    }
    case 'file': {
      const attachmentId = str(attrs.attachmentId);
      const name = str(attrs.name);
      if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return escapeHtml(name);
      const size = typeof attrs.size === 'number' && Number.isFinite(attrs.size) ? attrs.size : 0;
      return withMarks(node, element('a', fileCardAttrs(attachmentId, name, size, str(attrs.type)), escapeHtml(name || attachmentId)));
    }
    default:
      return children(node);
  }
}

/** Sanitised HTML of `doc` (a fragment, no `<html>` wrapper). Safe to insert into a page as is. */
export function docToHtml(doc: PMNodeJSON): string {
  return nodeHtml(doc);
}
