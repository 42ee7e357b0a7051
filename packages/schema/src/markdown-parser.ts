/**
 * Markdown (CommonMark + GFM tables, strikethrough, task lists, autolinks) to PM JSON of the
 * page schema. Valid Markdown never fails: raw HTML is kept as escaped text, h5/h6 become
 * level-4 headings, unsafe link targets stay text.
 */
import MarkdownItConstructor from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import { MarkdownParser } from 'prosemirror-markdown';
import { tooManyElements } from './complexity.ts';
import type { PMNodeJSON } from './json.ts';
import { type StafetteMarkdownEnv, stafetteRules } from './markdown-it-rules.ts';
import { MAX_HEADING_LEVEL, schema } from './schema.ts';
import { isSafeHref } from './urls.ts';

/**
 * Link targets the parse in progress may still check before it is refused. Each link or image
 * becomes at least one element, so past `maxElements` of them the element bound is crossed
 * anyway; stopping here spares linkify and the rest of the parse most of the work on Markdown
 * made of links (300,000 autolinks). Set around each parse by `markdownToJSON` (parsing is
 * synchronous, so no other parse can see it).
 */
let linkBudget = Infinity;
let linkBudgetLimit = Infinity;

function createMarkdownIt(): MarkdownIt {
  const md = new MarkdownItConstructor('default', { html: false, linkify: true, typographer: false });
  md.validateLink = (url) => {
    if (--linkBudget < 0) throw tooManyElements(linkBudgetLimit);
    return isSafeHref(url);
  };
  md.use(stafetteRules);
  return md;
}

function childrenText(token: Token): string {
  return (token.children ?? []).map((child) => child.content).join('');
}

function listStart(token: Token): number {
  const start = Number(token.attrGet('start') ?? 1);
  return Number.isInteger(start) ? start : 1;
}

const parser = new MarkdownParser(schema, createMarkdownIt(), {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: { block: 'bullet_list' },
  ordered_list: { block: 'ordered_list', getAttrs: (tok) => ({ order: listStart(tok) }) },
  task_list: { block: 'task_list' },
  task_item: { block: 'task_item', getAttrs: (tok) => ({ checked: tok.attrGet('checked') === 'true' }) },
  heading: {
    block: 'heading',
    getAttrs: (tok) => ({ level: Math.min(Number(tok.tag.slice(1)) || 1, MAX_HEADING_LEVEL) }),
  },
  code_block: { block: 'code_block', noCloseToken: true },
  fence: {
    block: 'code_block',
    getAttrs: (tok) => ({ language: tok.info.trim().split(/\s+/)[0] || null }),
    noCloseToken: true,
  },
  hr: { node: 'horizontal_rule' },
  image: {
    node: 'image',
    getAttrs: (tok) => ({
      src: tok.attrGet('src'),
      title: tok.attrGet('title') || null,
      alt: childrenText(tok) || null,
    }),
  },
  hardbreak: { node: 'hard_break' },
  page_link: { node: 'page_link', getAttrs: (tok) => tok.meta },
  step_link: { node: 'step_link', getAttrs: (tok) => tok.meta },
  table: { block: 'table' },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: 'table_row' },
  th: { block: 'table_header' },
  td: { block: 'table_cell' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  s: { mark: 'strike' },
  link: {
    mark: 'link',
    getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') || null }),
  },
  code_inline: { mark: 'code', noCloseToken: true },
});

/** The page schema's Markdown parser, for callers that want a ProseMirror node. */
export const markdownParser = parser;

// y-prosemirror stores marks only on text, so marks on images, hard breaks and link atoms
// (a linked image, a break inside emphasis) would vanish in the Y.Doc; drop them up front so
// a parsed document and its Yjs form are equal.
function dropMarksOnInlineNodes(json: PMNodeJSON): PMNodeJSON {
  // Keys in Node.toJSON() order, so the result also compares equal as a string.
  const out: PMNodeJSON = { type: json.type };
  if (json.attrs) out.attrs = json.attrs;
  if (json.content) out.content = json.content.map(dropMarksOnInlineNodes);
  if (json.marks && json.type === 'text') out.marks = json.marks;
  if (json.text !== undefined) out.text = json.text;
  return out;
}

/**
 * PM JSON of the page schema for `markdown`. With `maxElements`, Markdown that would become more
 * nodes and marks throws `ContentTooComplexError` right after tokenizing.
 */
export function markdownToJSON(markdown: string, limits: { maxElements?: number } = {}): PMNodeJSON {
  const env: StafetteMarkdownEnv = limits.maxElements === undefined ? {} : { maxElements: limits.maxElements };
  linkBudget = linkBudgetLimit = limits.maxElements ?? Infinity;
  try {
    return dropMarksOnInlineNodes(parser.parse(markdown, env).toJSON() as PMNodeJSON);
  } finally {
    linkBudget = linkBudgetLimit = Infinity;
  }
}
