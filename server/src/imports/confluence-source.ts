import { parseDocument } from 'htmlparser2';
import { el, type TreeNode } from '../files/import/tree.ts';
import type { ArchiveFile } from './archive.ts';
import { baseName, dirOf, isExternal, joinRelative, type SourceExport, type SourcePage, type Target } from './source.ts';

/**
 * A Confluence space exported as HTML: one `<Titel>_<id>.html` per page beside `index.html`,
 * files under `attachments/<page id>/`. A page's parent is the last page in its breadcrumbs;
 * siblings keep the order of the export's page tree (`index.html`), else go by title. Its body
 * is `#main-content`, with info/note/warning macros as quotes; author and dates ("Created by …,
 * last modified on …") and the page's labels (Stafette pages have no tags) are kept as a
 * provenance line at the end; its comments ("Posted by … at …") come along as page comments
 * with their author and date as text.
 */

type DomNode = ReturnType<typeof parseDocument>['children'][number];
type DomElement = { type: string; name: string; attribs: Record<string, string>; children: DomNode[] };

const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export function readConfluenceExport(all: ArchiveFile[]): SourceExport {
  const skipped: { path: string; reason: string }[] = [];
  const files = new Map(all.map((f) => [f.path, f.bytes]));
  const htmlPaths = all.map((f) => f.path).filter((p) => /\.html?$/i.test(p) && baseName(p).toLowerCase() !== 'index.html');
  if (htmlPaths.length === 0) skipped.push({ path: '', reason: 'no Confluence pages (.html files besides index.html) in the archive' });
  const decoder = new TextDecoder('utf-8');

  interface Parsed {
    path: string;
    id: string;
    title: string;
    parentPath: string | null;
    tree: TreeNode[];
    comments: { text: string; provenance: string }[];
  }
  const parsed: Parsed[] = [];
  for (const p of htmlPaths) {
    const bytes = files.get(p)!;
    if (bytes.length > MAX_PAGE_BYTES) {
      skipped.push({ path: p, reason: `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB` });
      continue;
    }
    const doc = parseDocument(decoder.decode(bytes), { decodeEntities: true });
    const main = find(doc.children, (e) => e.attribs.id === 'main-content');
    if (!main) {
      skipped.push({ path: p, reason: 'no page content (#main-content): not a Confluence page' });
      continue;
    }
    const titleNode = find(doc.children, (e) => e.attribs.id === 'title-text') ?? find(doc.children, (e) => e.name === 'title');
    const rawTitle = titleNode ? textOf(titleNode).replace(/\s+/g, ' ').trim() : '';
    // "Space : Page" in the heading; the space's name is not part of the page's.
    const title = (rawTitle.includes(' : ') ? rawTitle.slice(rawTitle.indexOf(' : ') + 3) : rawTitle) || baseName(p).replace(/(_\d+)?\.html?$/i, '').replace(/[-_]+/g, ' ');
    const crumbs = find(doc.children, (e) => e.attribs.id === 'breadcrumbs');
    const crumbLinks = crumbs ? findAll(crumbs.children, (e) => e.name === 'a' && !!e.attribs.href) : [];
    const parentHref = crumbLinks
      .map((a) => a.attribs.href!)
      .filter((h) => !isExternal(h) && baseName(h).toLowerCase() !== 'index.html')
      .pop();
    const parentPath = parentHref ? joinRelative(dirOf(p), parentHref) : null;
    const tree = main.children.map((c) => toTree(c, 0));
    const meta = find(doc.children, (e) => classes(e).includes('page-metadata'));
    const provenance = [meta ? textOf(meta).replace(/\s+/g, ' ').trim() : '', labelsLine(doc.children)].filter(Boolean).join(' ');
    if (provenance) tree.push(el('p', {}, [el('em', {}, [{ text: `Aus Confluence übernommen. ${provenance}` }])]));
    const id = /(?:^|_)(\d+)\.html?$/i.exec(baseName(p))?.[1] ?? p;
    parsed.push({ path: p, id, title: title.slice(0, 500), parentPath: parentPath && files.has(parentPath) ? parentPath : null, tree, comments: commentsOf(doc.children) });
  }
  const exportOrder = pageOrder(all, files, decoder);

  // Parents before children; a parent that is missing or refused makes a top-level page.
  const byPath = new Map(parsed.map((x) => [x.path, x]));
  // Walked, not recursed: a hostile export may chain thousands of pages (or loop).
  const depths = new Map<string, number>();
  const depth = (x: Parsed): number => {
    const known = depths.get(x.path);
    if (known !== undefined) return known;
    let n = 0;
    const seen = new Set([x.path]);
    for (let at = x.parentPath ? byPath.get(x.parentPath) : undefined; at && !seen.has(at.path); at = at.parentPath ? byPath.get(at.parentPath) : undefined) {
      seen.add(at.path);
      n += 1;
    }
    depths.set(x.path, n);
    return n;
  };
  const position = (x: Parsed) => exportOrder.get(x.path) ?? Number.MAX_SAFE_INTEGER;
  parsed.sort((a, b) => depth(a) - depth(b) || position(a) - position(b) || a.title.localeCompare(b.title, 'de', { numeric: true }));
  const pages: SourcePage[] = parsed.map((x, order) => ({
    sourceId: x.id,
    parentSourceId: x.parentPath && byPath.has(x.parentPath) && depth(x) > 0 ? byPath.get(x.parentPath)!.id : null,
    title: x.title,
    path: x.path,
    body: { kind: 'html', tree: x.tree },
    order,
    comments: x.comments,
  }));

  const resolve = (page: SourcePage, target: string): Target => {
    if (isExternal(target) || target.trim().startsWith('#')) return null;
    const joined = joinRelative(dirOf(page.path), target);
    if (joined === null) return null;
    const hit = byPath.get(joined);
    if (hit) return { page: hit.id };
    return files.has(joined) && !/\.html?$/i.test(joined) ? { file: joined } : null;
  };
  // Only page attachments are content; the export's styles and icons are not reported.
  const used = new Set([...files.keys()].filter((p) => !p.split('/').includes('attachments')));
  return { pages, files, resolve, skipped, used };
}

/** Where each page comes in the page tree of the export's `index.html` (the space's order), by path. */
function pageOrder(all: ArchiveFile[], files: Map<string, Uint8Array>, decoder: InstanceType<typeof TextDecoder>): Map<string, number> {
  const order = new Map<string, number>();
  // The shallowest index.html is the space's; attachments folders hold none of interest.
  const index = all.map((f) => f.path).filter((p) => baseName(p).toLowerCase() === 'index.html').sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!index) return order;
  const doc = parseDocument(decoder.decode(files.get(index)!), { decodeEntities: true });
  for (const a of findAll(doc.children, (e) => e.name === 'a' && !!e.attribs.href)) {
    const target = isExternal(a.attribs.href!) ? null : joinRelative(dirOf(index), a.attribs.href!);
    if (target && !order.has(target)) order.set(target, order.size);
  }
  return order;
}

/** The page's labels as "Stichwörter: a, b." ('' when it has none). */
function labelsLine(nodes: DomNode[]): string {
  const section = find(nodes, (e) => e.attribs.id === 'labels-section' || e.attribs.id === 'labels' || classes(e).includes('labels-content'));
  if (!section) return '';
  const labelLinks = findAll(section.children, (e) => e.name === 'a' && (classes(e).some((c) => c.includes('label')) || (e.attribs.rel ?? '') === 'tag'));
  const labels = [...new Set(labelLinks.map((a) => textOf(a).trim()).filter(Boolean))];
  return labels.length > 0 ? `Stichwörter: ${labels.join(', ')}.` : '';
}

const MAX_COMMENT_CHARS = 9000;

/**
 * The comments of a page export (`#comments-section`): each cell holding a comment has its
 * text and a "Posted by … at …" line (`.smallfont`); replies are nested tables, read as
 * comments of their own in the order they appear.
 */
function commentsOf(nodes: DomNode[]): { text: string; provenance: string }[] {
  const section = find(nodes, (e) => e.attribs.id === 'comments-section');
  if (!section) return [];
  const out: { text: string; provenance: string }[] = [];
  for (const cell of findAll(section.children, (e) => e.name === 'td')) {
    const meta = cell.children.find((c): c is DomNode & DomElement => isElement(c) && classes(c).includes('smallfont'));
    if (!meta) continue;
    // The cell's own text: not its byline, not the replies nested in it.
    const own = cell.children
      .filter((c) => c !== meta && !(isElement(c) && c.name === 'table'))
      .map((c) => (c.type === 'text' ? (c as { data: string }).data : isElement(c) ? `${textOf(c)}\n` : ''))
      .join('')
      .replace(/[ \t]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim();
    if (!own) continue;
    out.push({ text: own.slice(0, MAX_COMMENT_CHARS), provenance: textOf(meta).replace(/\s+/g, ' ').trim() });
  }
  return out;
}

const isElement = (node: DomNode): node is DomNode & DomElement => node.type === 'tag' || node.type === 'script' || node.type === 'style';
const classes = (e: DomElement) => (e.attribs.class ?? '').split(/\s+/);

function find(nodes: DomNode[], test: (e: DomElement) => boolean): DomElement | null {
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (test(node)) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}

function findAll(nodes: DomNode[], test: (e: DomElement) => boolean): DomElement[] {
  const out: DomElement[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (test(node)) out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

export function textOf(e: DomElement): string {
  let out = '';
  const stack = [...e.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') out += (node as { data: string }).data;
    else if (isElement(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Deeper HTML keeps only its text: real pages nest a few dozen levels, hostile ones thousands (the converters recurse). */
export const MAX_HTML_DEPTH = 64;

/** Confluence's HTML as the importers' tree; info, note, tip and warning macros become quotes. */
function toTree(node: DomNode, depth: number): TreeNode {
  if (node.type === 'text') return { text: (node as { data: string }).data };
  if (!isElement(node) || node.name === 'script' || node.name === 'style') return { text: '' };
  if (depth >= MAX_HTML_DEPTH) return { text: textOf(node) };
  const name = node.name.toLowerCase();
  const children = node.children.map((c) => toTree(c, depth + 1));
  if (name === 'div' && classes(node).some((c) => c === 'confluence-information-macro' || c === 'panel')) return el('blockquote', {}, children);
  return el(name, node.attribs, children);
}
