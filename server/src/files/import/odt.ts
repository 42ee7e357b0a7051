import { parseXml } from '../text/xml-text.ts';
import { readZipEntries } from '../text/zip.ts';
import { el, IMAGE_SRC_PREFIX, type ImportedImage, type TreeNode } from './tree.ts';

/** The document is not an ODF text document (no content.xml) or it is encrypted. */
export class OdtUnreadableError extends Error {}

interface TextStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  parent?: string;
}

/**
 * An ODT document as a tree, from content.xml (and the named styles of styles.xml): headings by
 * outline level, paragraphs, bullet and numbered lists (by their list style), tables, bold,
 * italic, underline and strike-through from the text and paragraph styles, links, line breaks,
 * and images stored in the package (Pictures/…). Deleted text of tracked changes, notes'
 * citations and annotations are left out.
 */
export function odtTree(bytes: Uint8Array): { tree: TreeNode[]; images: ImportedImage[] } {
  const files = readZipEntries(bytes, (name) => name === 'content.xml' || name === 'styles.xml' || name === 'META-INF/manifest.xml' || name.startsWith('Pictures/'));
  const content = files.get('content.xml');
  if (!content) throw new OdtUnreadableError('The file has no content.xml.');
  const manifest = files.get('META-INF/manifest.xml');
  if (manifest && new TextDecoder().decode(manifest).includes('encryption-data')) throw new OdtUnreadableError('The document is protected by a password.');

  const styles = new Map<string, TextStyle>();
  const listStyles = new Map<string, 'ul' | 'ol'>();
  const stylesXml = files.get('styles.xml');
  if (stylesXml) readStyles(stylesXml, styles, listStyles);
  readStyles(content, styles, listStyles);

  const images: ImportedImage[] = [];
  const root = el('root');
  const stack: { node: Element; odf: string }[] = [{ node: root as Element, odf: 'root' }];
  const listKinds: ('ul' | 'ol')[] = [];
  let skip = 0;
  let inBody = false;
  let frameAlt = '';
  let pendingImage: TreeNode | null = null;

  const top = () => stack[stack.length - 1]!.node;
  const push = (odf: string, node: Element | { outer: Element; inner: Element }) => {
    const { outer, inner } = 'outer' in node ? node : { outer: node, inner: node };
    top().children.push(outer);
    stack.push({ node: inner, odf });
  };

  parseXml(content, {
    open(name, attributes, selfClosing) {
      if (name === 'office:text') inBody = true;
      if (!inBody) return;
      if (skip > 0 || name === 'text:tracked-changes' || name === 'office:annotation' || name === 'text:note' || name === 'text:soft-page-break' || name === 'text:bookmark-ref') {
        if (!selfClosing) skip++;
        return;
      }
      switch (name) {
        case 'text:h': {
          const level = Math.min(6, Math.max(1, Number(attributes['text:outline-level']) || 1));
          push(name, formatted(`h${level}`, attributes['text:style-name'], styles));
          break;
        }
        case 'text:p':
          push(name, formatted('p', attributes['text:style-name'], styles));
          break;
        case 'text:span':
          push(name, formatted('span', attributes['text:style-name'], styles));
          break;
        case 'text:a':
          push(name, el('a', { href: attributes['xlink:href'] ?? '' }) as Element);
          break;
        case 'text:list': {
          const style = attributes['text:style-name'];
          const kind: 'ul' | 'ol' = (style ? listStyles.get(style) : undefined) ?? listKinds[listKinds.length - 1] ?? 'ul';
          listKinds.push(kind);
          push(name, el(kind) as Element);
          break;
        }
        case 'text:list-item':
        case 'text:list-header':
          push(name, el('li') as Element);
          break;
        case 'table:table':
          push(name, el('table') as Element);
          break;
        case 'table:table-row':
          push(name, el('tr') as Element);
          break;
        case 'table:table-cell': {
          const attrs: Record<string, string> = {};
          if (attributes['table:number-columns-spanned']) attrs.colspan = attributes['table:number-columns-spanned'];
          if (attributes['table:number-rows-spanned']) attrs.rowspan = attributes['table:number-rows-spanned'];
          push(name, el('td', attrs) as Element);
          break;
        }
        case 'table:covered-table-cell':
          // Covered by a spanning cell: not a cell of its own.
          if (!selfClosing) skip++;
          break;
        case 'text:line-break':
          top().children.push(el('br'));
          break;
        case 'text:s':
          top().children.push({ text: ' '.repeat(Math.min(100, Math.max(1, Number(attributes['text:c']) || 1))) });
          break;
        case 'text:tab':
          top().children.push({ text: ' ' });
          break;
        case 'draw:frame':
          frameAlt = '';
          pendingImage = null;
          stack.push({ node: el('frame') as Element, odf: name });
          break;
        case 'draw:image': {
          const href = attributes['xlink:href'] ?? '';
          const bytes = files.get(href.replace(/^\.\//, ''));
          if (bytes && !pendingImage) {
            const index = images.push({ bytes, contentType: typeFromName(href), alt: '' }) - 1;
            pendingImage = el('img', { src: `${IMAGE_SRC_PREFIX}${index}` });
          }
          if (!selfClosing) skip++;
          break;
        }
        case 'svg:title':
        case 'svg:desc':
          stack.push({ node: el('alt') as Element, odf: name });
          break;
        default:
          // Unknown containers (sections, text boxes' frames' wrappers, fields) keep their text.
          if (!selfClosing) stack.push({ node: top(), odf: name });
      }
    },
    close(name, selfClosing) {
      if (name === 'office:text') inBody = false;
      if (!inBody && name !== 'office:text') return;
      if (skip > 0) {
        if (!selfClosing) skip--;
        return;
      }
      if (selfClosing) return;
      const entry = stack[stack.length - 1];
      if (!entry || entry.odf !== name) return;
      stack.pop();
      if (name === 'text:list') listKinds.pop();
      if (name === 'svg:title' || name === 'svg:desc') {
        frameAlt ||= textOf(entry.node.children).trim();
      } else if (name === 'draw:frame') {
        if (pendingImage && 'tag' in pendingImage) {
          const index = Number(pendingImage.attrs.src!.slice(IMAGE_SRC_PREFIX.length));
          images[index]!.alt = frameAlt.slice(0, 500);
          pendingImage.attrs.alt = images[index]!.alt;
          top().children.push(pendingImage);
        }
        pendingImage = null;
      }
    },
    text(text) {
      if (!inBody || skip > 0) return;
      top().children.push({ text });
    },
  });
  return { tree: (root as Element).children, images };
}

type Element = Extract<TreeNode, { tag: string }>;

/** The element and, inside it, the marks of its style (b/i/u/s): content goes into the innermost. */
function formatted(tag: string, styleName: string | undefined, styles: Map<string, TextStyle>): { outer: Element; inner: Element } {
  const outer = el(tag) as Element;
  const style = resolve(styleName, styles);
  let inner = outer;
  for (const [flag, mark] of [
    ['bold', 'strong'],
    ['italic', 'em'],
    ['underline', 'u'],
    ['strike', 's'],
  ] as const) {
    if (!style[flag]) continue;
    const wrap = el(mark) as Element;
    inner.children.push(wrap);
    inner = wrap;
  }
  return { outer, inner };
}

function resolve(name: string | undefined, styles: Map<string, TextStyle>, depth = 0): TextStyle {
  if (!name || depth > 10) return {};
  const style = styles.get(name);
  if (!style) return {};
  const parent = resolve(style.parent, styles, depth + 1);
  return {
    bold: style.bold ?? parent.bold,
    italic: style.italic ?? parent.italic,
    underline: style.underline ?? parent.underline,
    strike: style.strike ?? parent.strike,
  };
}

function readStyles(xml: Uint8Array, styles: Map<string, TextStyle>, lists: Map<string, 'ul' | 'ol'>): void {
  let current: TextStyle | null = null;
  let currentList: string | null = null;
  parseXml(xml, {
    open(name, a) {
      if (name === 'style:style') {
        current = { ...(a['style:parent-style-name'] ? { parent: a['style:parent-style-name'] } : {}) };
        if (a['style:name']) styles.set(a['style:name'], current);
      } else if (name === 'style:text-properties' && current) {
        if (a['fo:font-weight']) current.bold = a['fo:font-weight'] === 'bold' || Number(a['fo:font-weight']) >= 600;
        if (a['fo:font-style']) current.italic = a['fo:font-style'] === 'italic' || a['fo:font-style'] === 'oblique';
        if (a['style:text-underline-style']) current.underline = a['style:text-underline-style'] !== 'none';
        if (a['style:text-line-through-style']) current.strike = a['style:text-line-through-style'] !== 'none';
      } else if (name === 'text:list-style') {
        currentList = a['style:name'] ?? null;
      } else if (currentList && !lists.has(currentList) && (name === 'text:list-level-style-number' || name === 'text:list-level-style-bullet')) {
        // The first level decides: a list numbered at its top is a numbered list.
        lists.set(currentList, name === 'text:list-level-style-number' ? 'ol' : 'ul');
      }
    },
    close(name) {
      if (name === 'style:style') current = null;
      else if (name === 'text:list-style') currentList = null;
    },
  });
}

function typeFromName(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' } as Record<string, string>)[ext ?? ''] ?? 'application/octet-stream';
}

function textOf(nodes: TreeNode[]): string {
  return nodes.map((n) => ('text' in n ? n.text : textOf(n.children))).join('');
}
