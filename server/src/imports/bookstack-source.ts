import { parseDocument } from 'htmlparser2';
import { el, type TreeNode } from '../files/import/tree.ts';
import type { ArchiveFile } from './archive.ts';
import { archiveUnreadable } from './archive.ts';
import { MAX_HTML_DEPTH, textOf } from './confluence-source.ts';
import { dirOf, isExternal, type SourceBody, type SourceExport, type SourcePage, type Target } from './source.ts';

/**
 * A BookStack "Portable ZIP" export (BookStack ≥ 24.12: `data.json` and `files/`): the book,
 * chapter or page exported becomes the top page, chapters pages below it, pages below those,
 * in BookStack's order (`priority`). A page's Markdown is taken when it has some, else its
 * HTML; `[[bsexport:page:40]]`-style references become page links and attachments; the
 * page's attachments are listed at its end (files attached, links kept).
 */

interface BsAttachment {
  name?: string;
  link?: string;
  file?: string;
}
interface BsPage {
  id?: number;
  name?: string;
  html?: string;
  markdown?: string;
  priority?: number;
  attachments?: BsAttachment[];
}
interface BsChapter {
  id?: number;
  name?: string;
  description_html?: string;
  priority?: number;
  pages?: BsPage[];
}
interface BsBook {
  id?: number;
  name?: string;
  description_html?: string;
  chapters?: BsChapter[];
  pages?: BsPage[];
}

const MAX_DATA_BYTES = 64 * 1024 * 1024;
const REFERENCE = /^\[?\[?bsexport:(image|attachment|page|chapter|book):([^\]]+?)\]?\]?$/;

export function readBookStackExport(all: ArchiveFile[]): SourceExport {
  const data = all.filter((f) => f.path === 'data.json' || /^[^/]+\/data\.json$/.test(f.path)).sort((a, b) => a.path.length - b.path.length)[0];
  if (!data) throw archiveUnreadable('no data.json: not a BookStack portable ZIP export (BookStack 24.12 or newer, “Portable ZIP”)');
  if (data.bytes.length > MAX_DATA_BYTES) throw archiveUnreadable('data.json is larger than 64 MB');
  let json: { book?: BsBook; chapter?: BsChapter; page?: BsPage };
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(data.bytes)) as typeof json;
  } catch (err) {
    throw archiveUnreadable(`data.json is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const base = dirOf(data.path);
  const filesDir = base === '' ? 'files/' : `${base}/files/`;
  const files = new Map(all.filter((f) => f.path.startsWith(filesDir)).map((f) => [f.path, f.bytes]));
  const pages: SourcePage[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let serial = 0;
  const idOf = (kind: string, id: number | undefined) => `${kind}:${typeof id === 'number' ? id : `n${++serial}`}`;
  const byPriority = <T extends { priority?: number }>(items: T[]) => [...items].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));

  const addPage = (page: BsPage, parent: string | null, order: number) => {
    const sourceId = idOf('page', page.id);
    pages.push({ sourceId, parentSourceId: parent, title: titleOf(page.name, 'Seite'), path: `data.json › ${page.name ?? sourceId}`, body: pageBody(page), order });
  };
  const addChapter = (chapter: BsChapter, parent: string | null, order: number) => {
    const sourceId = idOf('chapter', chapter.id);
    pages.push({ sourceId, parentSourceId: parent, title: titleOf(chapter.name, 'Kapitel'), path: `data.json › ${chapter.name ?? sourceId}`, body: htmlBody(chapter.description_html ?? ''), order });
    byPriority(chapter.pages ?? []).forEach((p, i) => addPage(p, sourceId, i));
  };

  if (json.book) {
    const book = json.book;
    const sourceId = idOf('book', book.id);
    pages.push({ sourceId, parentSourceId: null, title: titleOf(book.name, 'Buch'), path: `data.json › ${book.name ?? sourceId}`, body: htmlBody(book.description_html ?? ''), order: 0 });
    const children: ({ kind: 'chapter'; item: BsChapter } | { kind: 'page'; item: BsPage })[] = [
      ...(book.chapters ?? []).map((item) => ({ kind: 'chapter' as const, item })),
      ...(book.pages ?? []).map((item) => ({ kind: 'page' as const, item })),
    ].sort((a, b) => (a.item.priority ?? 0) - (b.item.priority ?? 0));
    children.forEach((c, i) => (c.kind === 'chapter' ? addChapter(c.item, sourceId, i) : addPage(c.item, sourceId, i)));
  } else if (json.chapter) {
    addChapter(json.chapter, null, 0);
  } else if (json.page) {
    addPage(json.page, null, 0);
  } else {
    throw archiveUnreadable('data.json holds no book, chapter or page');
  }

  const known = new Set(pages.map((p) => p.sourceId));
  const resolve = (_page: SourcePage, target: string): Target => {
    const ref = REFERENCE.exec(target.trim());
    if (!ref) return null;
    const [, kind, value] = ref;
    if (kind === 'image' || kind === 'attachment') {
      const path = `${filesDir}${value}`;
      return files.has(path) && !isExternal(value!) && !value!.includes('..') ? { file: path } : null;
    }
    const id = `${kind}:${value}`;
    return known.has(id) ? { page: id } : null;
  };
  return { pages, files, resolve, skipped, used: new Set([data.path]) };
}

const titleOf = (name: string | undefined, fallback: string) => (name ?? '').replace(/\s+/g, ' ').trim().slice(0, 500) || fallback;

/** Markdown when the page has some, else its HTML; its attachments listed at the end. */
function pageBody(page: BsPage): SourceBody {
  const attachments = (page.attachments ?? []).filter((a) => a.file || a.link);
  if (page.markdown && page.markdown.trim() !== '') {
    const list = attachments.map((a) => `- [${(a.name ?? 'Anhang').replace(/[[\]]/g, '')}](<${a.file ? `[[bsexport:attachment:${a.file}]]` : a.link}>)`);
    return { kind: 'markdown', text: list.length > 0 ? `${page.markdown.trimEnd()}\n\n## Anhänge\n\n${list.join('\n')}\n` : page.markdown };
  }
  const body = htmlBody(page.html ?? '');
  if (attachments.length > 0 && body.kind === 'html') {
    body.tree.push(
      el('h2', {}, [{ text: 'Anhänge' }]),
      el(
        'ul',
        {},
        attachments.map((a) => el('li', {}, [el('a', { href: a.file ? `[[bsexport:attachment:${a.file}]]` : a.link! }, [{ text: a.name ?? 'Anhang' }])])),
      ),
    );
  }
  return body;
}

type DomNode = ReturnType<typeof parseDocument>['children'][number];

function htmlBody(html: string): SourceBody {
  return { kind: 'html', tree: parseDocument(html, { decodeEntities: true }).children.map((c) => toTree(c, 0)) };
}

function toTree(node: DomNode, depth: number): TreeNode {
  if (node.type === 'text') return { text: (node as { data: string }).data };
  if (node.type !== 'tag') return { text: '' };
  const tag = node as unknown as { type: string; name: string; attribs: Record<string, string>; children: DomNode[] };
  if (depth >= MAX_HTML_DEPTH) return { text: textOf(tag) };
  const children = tag.children.map((c) => toTree(c, depth + 1));
  // BookStack's callouts are quotes here.
  if (tag.name === 'p' && /\bcallout\b/.test(tag.attribs.class ?? '')) return el('blockquote', {}, [el('p', {}, children)]);
  return el(tag.name.toLowerCase(), tag.attribs, children);
}
