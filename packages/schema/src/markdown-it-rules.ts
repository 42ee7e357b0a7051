/**
 * markdown-it core rules that reshape GFM token streams into what the page schema holds:
 * task lists, paragraphs inside table cells, page and step links, and no unsafe images.
 * Each rule edits tokens only; none can fail on valid Markdown.
 */
import type { MarkdownIt, StateBlock, StateCore, Token } from 'markdown-it';
import { countMarkdownElements, tooManyElements } from './complexity.ts';
import { isSafeImageSrc, parsePageHref, parseStepHref } from './urls.ts';

const TASK_MARKER = /^\[([ xX])\](?:\s+|$)/;

function findClose(tokens: Token[], open: number, closeType: string): number {
  const level = tokens[open]!.level;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i]!.type === closeType && tokens[i]!.level === level) return i;
  }
  return -1;
}

// The inline token of an item's first paragraph, when the item starts with a paragraph.
function firstInline(tokens: Token[], itemOpen: number): Token | null {
  const paragraph = tokens[itemOpen + 1];
  const inline = tokens[itemOpen + 2];
  return paragraph?.type === 'paragraph_open' && inline?.type === 'inline' ? inline : null;
}

/**
 * A bullet list whose every item starts with `[ ]` or `[x]` becomes a task list; lists that
 * mix tasks and plain items stay bullet lists with the markers as text.
 */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'bullet_list_open') continue;
    const close = findClose(tokens, i, 'bullet_list_close');
    if (close === -1) continue;
    const itemLevel = tokens[i]!.level + 1;
    const items: number[] = [];
    for (let j = i + 1; j < close; j++) {
      if (tokens[j]!.type === 'list_item_open' && tokens[j]!.level === itemLevel) items.push(j);
    }
    const isTask = items.length > 0 && items.every((item) => {
      const first = firstInline(tokens, item)?.children?.[0];
      return first?.type === 'text' && TASK_MARKER.test(first.content);
    });
    if (!isTask) continue;
    tokens[i]!.type = 'task_list_open';
    tokens[close]!.type = 'task_list_close';
    for (const item of items) {
      const inline = firstInline(tokens, item)!;
      const first = inline.children![0]!;
      const marker = TASK_MARKER.exec(first.content)!;
      tokens[item]!.type = 'task_item_open';
      tokens[item]!.attrSet('checked', String(marker[1] !== ' '));
      const itemClose = findClose(tokens, item, 'list_item_close');
      if (itemClose !== -1) tokens[itemClose]!.type = 'task_item_close';
      first.content = first.content.slice(marker[0].length);
      inline.content = inline.content.replace(TASK_MARKER, '');
    }
  }
}

/** Table cells hold blocks in the schema, so each cell's inline content gets a paragraph. */
function tableCellParagraphs(state: StateCore): void {
  const out: Token[] = [];
  for (const token of state.tokens) {
    if (token.type === 'th_close' || token.type === 'td_close') {
      out.push(new state.Token('paragraph_close', 'p', -1));
    }
    out.push(token);
    if (token.type === 'th_open' || token.type === 'td_open') {
      out.push(new state.Token('paragraph_open', 'p', 1));
    }
  }
  state.tokens = out;
}

function tokensText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'softbreak' || token.type === 'hardbreak') return ' ';
      if (token.type === 'image') return tokensText(token.children ?? []);
      return token.content;
    })
    .join('');
}

function closingLink(children: Token[], open: number): number {
  for (let j = open + 1; j < children.length; j++) {
    if (children[j]!.type === 'link_close') return j;
  }
  return -1;
}

function rewriteInline(state: StateCore, children: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    if (token.type === 'image' && !isSafeImageSrc(token.attrGet('src'))) {
      const text = new state.Token('text', '', 0);
      text.content = tokensText(token.children ?? []);
      out.push(text);
      continue;
    }
    if (token.type !== 'link_open') {
      out.push(token);
      continue;
    }
    const href = token.attrGet('href') ?? '';
    const pageId = parsePageHref(href);
    const step = pageId === null ? parseStepHref(href) : null;
    // Searched from the link on, and only for page and step links: a scan from the start for
    // every link made a paragraph of many autolinks quadratic (300,000 links: minutes).
    const close = pageId === null && !step ? -1 : closingLink(children, i);
    if (close === -1) {
      out.push(token);
      continue;
    }
    const label = tokensText(children.slice(i + 1, close)).trim();
    const link = new state.Token(pageId !== null ? 'page_link' : 'step_link', 'a', 0);
    link.meta = pageId !== null ? { pageId, title: label } : { ...step, label };
    out.push(link);
    i = close;
  }
  return out;
}

/** Links to `/pages/<id>` and `/processes/<p>/steps/<e>` become page and step link atoms. */
function inlineLinks(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type === 'inline' && token.children) token.children = rewriteInline(state, token.children);
  }
}

/** What a caller may pass as markdown-it's `env` to bound the parse (`markdownToJSON`). */
export interface StafetteMarkdownEnv {
  maxElements?: number;
}

/**
 * Refuses a token stream that would become more nodes and marks than `env.maxElements`, before
 * the ProseMirror document (the costly part) is built from it.
 */
function elementBudget(state: StateCore): void {
  const max = (state.env as StafetteMarkdownEnv | undefined)?.maxElements;
  if (max !== undefined) countMarkdownElements(state.tokens, max);
}

const DELIMITER_ROW = /^[\s|:-]*-[\s|:-]*$/;

/**
 * Refuses a GFM table whose cells alone would pass `env.maxElements` (each cell is a cell, a
 * paragraph and a text: three) before markdown-it builds its tokens: a 1 MB table of 5,000
 * columns is a million cells and took seconds to tokenize. Reads the delimiter row for the
 * column count and the lines up to the next blank one for the rows; never takes a line itself.
 */
function tableBudget(state: StateBlock, startLine: number, endLine: number): boolean {
  const max = (state.env as StafetteMarkdownEnv | undefined)?.maxElements;
  const delimiter = startLine + 1;
  if (max === undefined || delimiter >= endLine) return false;
  const row = state.src.slice(state.bMarks[delimiter]! + state.tShift[delimiter]!, state.eMarks[delimiter]);
  if (!row.includes('|') || !DELIMITER_ROW.test(row)) return false;
  const columns = row.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').length;
  let rows = 0;
  for (let line = startLine; line < endLine && !state.isEmpty(line); line++) {
    rows++;
    if (3 * columns * rows > max) throw tooManyElements(max);
  }
  return false;
}

/** Installs the Stafette token rules on a markdown-it instance. */
export function stafetteRules(md: MarkdownIt): void {
  md.core.ruler.push('stafette_task_lists', taskLists);
  md.core.ruler.push('stafette_table_cells', tableCellParagraphs);
  md.core.ruler.push('stafette_links', inlineLinks);
  md.core.ruler.push('stafette_element_budget', elementBudget);
  // Wherever a table could start, also where it would end a paragraph.
  md.block.ruler.before('table', 'stafette_table_budget', tableBudget, { alt: ['paragraph', 'reference'] });
}
