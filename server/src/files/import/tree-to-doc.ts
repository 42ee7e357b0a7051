import { isSafeHref, MAX_HEADING_LEVEL, type PMMarkJSON, type PMNodeJSON } from '@stafette/schema';
import { IMAGE_SRC_PREFIX, type TreeNode } from './tree.ts';

/**
 * Turns an imported document tree into page JSON: h1–h6 (deeper ones as level 4), paragraphs,
 * bullet and numbered lists (nested), tables (header cells kept), bold, italic, underline,
 * strike-through, links with safe targets, line breaks and images. Whatever the schema has no
 * place for keeps its text. The result is validated with the page schema when it is written.
 */
export function treeToDoc(root: TreeNode[]): PMNodeJSON {
  const content = blocks(root);
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre', 'div', 'li', 'tr', 'td', 'th', 'tbody', 'thead', 'hr']);
const MARKS: Record<string, PMMarkJSON['type']> = { strong: 'strong', b: 'strong', em: 'em', i: 'em', u: 'underline', s: 'strike', del: 'strike', code: 'code' };

function isBlock(node: TreeNode): boolean {
  return 'tag' in node && BLOCK_TAGS.has(node.tag);
}

/** Block content: inline runs between blocks become paragraphs. */
function blocks(nodes: TreeNode[]): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  let run: TreeNode[] = [];
  const flush = () => {
    const inl = inlines(run, []);
    if (inl.length > 0) out.push({ type: 'paragraph', content: inl });
    run = [];
  };
  for (const node of nodes) {
    if (!isBlock(node)) {
      run.push(node);
      continue;
    }
    flush();
    out.push(...block(node as Extract<TreeNode, { tag: string }>));
  }
  flush();
  return out;
}

function block(node: Extract<TreeNode, { tag: string }>): PMNodeJSON[] {
  const { tag, children } = node;
  const heading = /^h([1-6])$/.exec(tag);
  if (heading) {
    const content = inlines(children, []);
    return content.length > 0 ? [{ type: 'heading', attrs: { level: Math.min(Number(heading[1]), MAX_HEADING_LEVEL) }, content }] : [];
  }
  switch (tag) {
    case 'p':
    case 'div': {
      // A paragraph may hold blocks (mammoth nests none, ODF frames may): split around them.
      if (children.some(isBlock)) return blocks(children);
      const content = inlines(children, []);
      return content.length > 0 ? [{ type: 'paragraph', content }] : [];
    }
    case 'ul':
    case 'ol': {
      const items = children.flatMap((c) => ('tag' in c && c.tag === 'li' ? [listItem(c.children)] : c && 'tag' in c && (c.tag === 'ul' || c.tag === 'ol') ? [listItem([c])] : []));
      if (items.length === 0) return [];
      return [{ type: tag === 'ul' ? 'bullet_list' : 'ordered_list', content: items }];
    }
    case 'li':
      return blocks(children);
    case 'table': {
      const rows = tableRows(children);
      return rows.length > 0 ? [{ type: 'table', content: rows }] : [];
    }
    case 'blockquote': {
      const content = blocks(children);
      return content.length > 0 ? [{ type: 'blockquote', content }] : [];
    }
    case 'pre': {
      const text = plainText(children);
      return text ? [{ type: 'code_block', content: [{ type: 'text', text }] }] : [];
    }
    case 'hr':
      return [{ type: 'horizontal_rule' }];
    default:
      return blocks(children);
  }
}

/** A list item starts with a paragraph (the schema wants one), nested lists follow it. */
function listItem(children: TreeNode[]): PMNodeJSON {
  const content = blocks(children);
  if (content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph' });
  return { type: 'list_item', content };
}

function tableRows(nodes: TreeNode[]): PMNodeJSON[] {
  const rows: PMNodeJSON[] = [];
  for (const node of nodes) {
    if (!('tag' in node)) continue;
    if (node.tag === 'thead' || node.tag === 'tbody' || node.tag === 'tfoot') {
      rows.push(...tableRows(node.children));
      continue;
    }
    if (node.tag !== 'tr') continue;
    const cells = node.children.flatMap((c) => {
      if (!('tag' in c) || (c.tag !== 'td' && c.tag !== 'th')) return [];
      const content = blocks(c.children);
      const attrs: Record<string, number> = {};
      const colspan = Number(c.attrs.colspan);
      const rowspan = Number(c.attrs.rowspan);
      if (Number.isInteger(colspan) && colspan > 1 && colspan <= 100) attrs.colspan = colspan;
      if (Number.isInteger(rowspan) && rowspan > 1 && rowspan <= 1000) attrs.rowspan = rowspan;
      return [{ type: c.tag === 'th' ? 'table_header' : 'table_cell', ...(Object.keys(attrs).length > 0 ? { attrs } : {}), content: content.length > 0 ? content : [{ type: 'paragraph' }] }];
    });
    if (cells.length > 0) rows.push({ type: 'table_row', content: cells });
  }
  return rows;
}

function inlines(nodes: TreeNode[], marks: PMMarkJSON[]): PMNodeJSON[] {
  return trimEdges(inlineRun(nodes, marks));
}

function inlineRun(nodes: TreeNode[], marks: PMMarkJSON[]): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  for (const node of nodes) {
    if ('text' in node) {
      const text = node.text.replace(/[\t\n\r ]+/g, ' ');
      if (text) out.push({ type: 'text', text, ...(marks.length > 0 ? { marks } : {}) });
      continue;
    }
    const mark = MARKS[node.tag];
    if (mark) {
      out.push(...inlineRun(node.children, marks.some((m) => m.type === mark) ? marks : [...marks, { type: mark }]));
    } else if (node.tag === 'a') {
      const href = node.attrs.href ?? '';
      // Internal anchors (a table of contents) and unsafe schemes keep only their text.
      const link = href && !href.startsWith('#') && isSafeHref(href) ? [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href, title: null } }] : marks;
      out.push(...inlineRun(node.children, link));
    } else if (node.tag === 'br') {
      out.push({ type: 'hard_break' });
    } else if (node.tag === 'img') {
      const src = node.attrs.src ?? '';
      // Only images of the document itself (attached on import); links to elsewhere are dropped.
      if (src.startsWith(IMAGE_SRC_PREFIX)) out.push({ type: 'image', attrs: { src, alt: node.attrs.alt || null, title: null } });
    } else {
      out.push(...inlineRun(node.children, marks));
    }
  }
  return out;
}

/** Collapsed whitespace at the start and end of a textblock is not content. */
function trimEdges(nodes: PMNodeJSON[]): PMNodeJSON[] {
  const first = nodes[0];
  if (first?.type === 'text') first.text = first.text!.replace(/^ +/, '');
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') last.text = last.text!.replace(/ +$/, '');
  return nodes.filter((n) => n.type !== 'text' || n.text);
}

function plainText(nodes: TreeNode[]): string {
  return nodes.map((n) => ('text' in n ? n.text : n.tag === 'br' ? '\n' : plainText(n.children))).join('');
}
