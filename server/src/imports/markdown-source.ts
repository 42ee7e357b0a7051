import type { ArchiveFile } from './archive.ts';
import { baseName, dirOf, isExternal, joinRelative, type SourceExport, type SourcePage, type Target, withoutExtension } from './source.ts';

/**
 * A folder of Markdown files (Obsidian vaults, Wiki.js, Outline and Docmost exports): every
 * `.md` file is a page, every folder a page with its files below it. A folder's own text is
 * its `index.md`, `README.md` or `_index.md`, or a `<Folder>.md` beside it (Outline, Docmost).
 * A page's title is its front matter `title`, else its first `#` heading (then taken out of
 * the body), else the file name. Front matter that pages here have no field for (Wiki.js'
 * `description`, `tags`, `date`/`dateCreated`, an `author`; Obsidian's tag lists) is kept as a
 * line of provenance at the end of the body. Other files are what pages link to or show; Obsidian's
 * `[[Seite]]` and `![[bild.png]]` are understood too. A single folder around everything (the
 * export's own) is no page.
 */

const MD = /\.(md|markdown)$/i;
const INDEX_NAMES = new Set(['index.md', 'readme.md', '_index.md']);
/** Longest Markdown file taken as a page (the page body limit of the API). */
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export function readMarkdownExport(all: ArchiveFile[]): SourceExport {
  const skipped: { path: string; reason: string }[] = [];
  const strip = commonRoot(all.map((f) => f.path));
  const files = new Map<string, Uint8Array>();
  for (const f of all) files.set(f.path.slice(strip.length), f.bytes);

  const mdPaths = [...files.keys()].filter((p) => MD.test(p));
  // Folders that hold Markdown somewhere below become pages; folders of images alone do not.
  const folders = new Set<string>();
  for (const p of mdPaths) {
    let d = dirOf(p);
    while (d !== '') {
      folders.add(d);
      d = dirOf(d);
    }
  }
  // The file that holds a folder's own text.
  const folderText = new Map<string, string>();
  for (const p of mdPaths) {
    const name = baseName(p).toLowerCase();
    if (INDEX_NAMES.has(name) && dirOf(p) !== '') folderText.set(dirOf(p), p);
  }
  for (const p of mdPaths) {
    const sibling = joinPath(dirOf(p), withoutExtension(baseName(p)));
    if (folders.has(sibling) && !folderText.has(sibling)) folderText.set(sibling, p);
  }
  const textOwner = new Map([...folderText].map(([folder, file]) => [file, folder]));

  const pages: SourcePage[] = [];
  const byPath = new Map<string, string>();
  const byName = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');

  const pageOf = (sourceId: string, parentDir: string, path: string, file: string | undefined, fallbackTitle: string, order: number) => {
    let text = '';
    if (file) {
      const bytes = files.get(file)!;
      if (bytes.length > MAX_PAGE_BYTES) skipped.push({ path: file, reason: `larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB; the page was made without its text` });
      else text = decoder.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    }
    const { title, body } = titleAndBody(text, fallbackTitle);
    const parent = parentDir === '' ? null : `dir:${parentDir}`;
    pages.push({ sourceId, parentSourceId: parent, title, path, body: { kind: 'markdown', text: body }, order });
  };

  // Parents first: folders by depth, then files.
  const sortedFolders = [...folders].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b, 'de', { numeric: true }));
  const orderIn = new Map<string, number>();
  const nextOrder = (dir: string) => {
    const n = orderIn.get(dir) ?? 0;
    orderIn.set(dir, n + 1);
    return n;
  };
  for (const folder of sortedFolders) {
    const file = folderText.get(folder);
    pageOf(`dir:${folder}`, dirOf(folder), folder + '/', file, baseName(folder), nextOrder(dirOf(folder)));
    byPath.set(folder, `dir:${folder}`);
    if (file) byPath.set(file, `dir:${folder}`);
    byName.set(baseName(folder).toLowerCase(), `dir:${folder}`);
  }
  for (const p of mdPaths.sort((a, b) => a.localeCompare(b, 'de', { numeric: true }))) {
    if (textOwner.has(p)) continue;
    pageOf(p, dirOf(p), p, p, withoutExtension(baseName(p)), nextOrder(dirOf(p)));
    byPath.set(p, p);
    byName.set(withoutExtension(baseName(p)).toLowerCase(), p);
  }
  const fileByName = new Map<string, string>();
  for (const p of files.keys()) if (!MD.test(p)) fileByName.set(baseName(p).toLowerCase(), p);

  const resolve = (page: SourcePage, target: string): Target => {
    if (isExternal(target) || target.trim().startsWith('#')) return null;
    const dir = page.sourceId.startsWith('dir:') ? (folderText.has(page.sourceId.slice(4)) ? dirOf(folderText.get(page.sourceId.slice(4))!) : page.sourceId.slice(4)) : dirOf(page.sourceId);
    const joined = joinRelative(dir, target);
    if (joined !== null) {
      const hit = byPath.get(joined) ?? byPath.get(joined.replace(/\/$/, '')) ?? (MD.test(joined) ? undefined : byPath.get(`${joined}.md`));
      if (hit) return { page: hit };
      if (files.has(joined) && !MD.test(joined)) return { file: joined };
    }
    // Obsidian resolves by name wherever the file is.
    const name = baseName(target.trim()).toLowerCase();
    const pageHit = byName.get(withoutExtension(name)) ?? byName.get(name);
    if (pageHit && (MD.test(name) || !name.includes('.'))) return { page: pageHit };
    const fileHit = fileByName.get(name);
    return fileHit ? { file: fileHit } : null;
  };

  // Every Markdown file is a page (or a folder's text); other files count once a page links them.
  return { pages, files, resolve, skipped, used: new Set(mdPaths) };
}

const joinPath = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);

/** The folder every path is in, with its slash; '' when there is no single one. */
function commonRoot(paths: string[]): string {
  if (paths.length === 0) return '';
  const first = paths[0]!.split('/')[0]!;
  if (!paths.every((p) => p.includes('/') && p.split('/')[0] === first)) return '';
  return `${first}/`;
}

/** Front matter title, else the first level-1 heading (taken out), else the fallback. */
export function titleAndBody(text: string, fallback: string): { title: string; body: string } {
  let body = text;
  let title: string | null = null;
  let provenance = '';
  const front = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n?/.exec(body);
  if (front) {
    body = body.slice(front[0].length);
    const fields = frontMatter(front[1]!);
    title = fields.get('title')?.[0] ?? null;
    provenance = provenanceLine(fields);
  }
  if (!title) {
    const heading = /^# +(.+?)\s*#*\s*$/m.exec(body);
    // Only a heading before any other text names the page.
    if (heading && body.slice(0, heading.index).trim() === '') {
      title = heading[1]!.trim();
      body = body.slice(0, heading.index) + body.slice(heading.index + heading[0].length).replace(/^\n+/, '');
    }
  }
  const clean = (title ?? fallback).replace(/\s+/g, ' ').trim().slice(0, 500);
  if (provenance) body = `${body.replace(/\s+$/, '')}\n\n*${provenance}*\n`;
  return { title: clean || fallback || 'Seite', body };
}

/**
 * The simple YAML of Markdown front matter: `key: value`, `key: [a, b]`, and a key followed by
 * `- item` lines. Values by lower-cased key; anything fancier is left out.
 */
function frontMatter(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let listKey: string | null = null;
  for (const raw of text.split('\n')) {
    const item = /^\s+-\s+(.+)$/.exec(raw);
    if (item && listKey) {
      fields.get(listKey)!.push(unquote(item[1]!.trim()));
      continue;
    }
    const pair = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(raw);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.trim();
    listKey = value === '' ? key : null;
    if (value.startsWith('[') && value.endsWith(']')) fields.set(key, value.slice(1, -1).split(',').map((v) => unquote(v.trim())).filter(Boolean));
    else fields.set(key, value === '' ? [] : [unquote(value)]);
  }
  return fields;
}

/** "Beschreibung: … · Stichwörter: a, b · Erstellt: … · Geändert: … · Autor: …" from the front matter ('' when none). */
function provenanceLine(fields: Map<string, string[]>): string {
  const list = (key: string) => (fields.get(key) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim().replace(/^#/, '')).filter(Boolean);
  const one = (...keys: string[]) => keys.map((k) => fields.get(k)?.[0]?.trim()).find((v) => !!v) ?? '';
  const parts: string[] = [];
  const description = one('description', 'summary');
  if (description) parts.push(`Beschreibung: ${description}`);
  const tags = [...new Set([...list('tags'), ...list('tag'), ...list('labels')])];
  if (tags.length > 0) parts.push(`Stichwörter: ${tags.join(', ')}`);
  const created = one('datecreated', 'created', 'created_at');
  if (created) parts.push(`Erstellt: ${created}`);
  const changed = one('date', 'updated', 'updated_at', 'lastmod');
  if (changed) parts.push(`Geändert: ${changed}`);
  const author = one('author', 'creator', 'createdby');
  if (author) parts.push(`Autor: ${author}`);
  // Markdown-significant characters of the values stay text.
  return parts.length > 0 ? `Übernommen. ${parts.join(' · ')}`.replace(/([*_`[\]<>\\])/g, '\\$1') : '';
}

function unquote(v: string): string {
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) return v.slice(1, -1);
  return v;
}
