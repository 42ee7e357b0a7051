import type { TreeNode } from '../files/import/tree.ts';

/**
 * What a reader of an export (markdown-source.ts, confluence-source.ts, bookstack-source.ts)
 * makes of it: pages in tree order (parents before children) with their bodies, the files
 * the bodies may point at, and what was left out and why. The import service
 * (import-service.ts) turns this into pages, attachments and links.
 */
export interface SourcePage {
  /** Stable id in the source (a path, a Confluence or BookStack page id): re-imports match on it. */
  sourceId: string;
  parentSourceId: string | null;
  title: string;
  /** Where the page came from, for the summary. */
  path: string;
  body: SourceBody;
  /** Order among siblings in the source. */
  order: number;
  /**
   * Comments of the page in the source, oldest first, each with who wrote it and when as text
   * (the authors are not accounts here). Added as page comments when the import creates the page.
   */
  comments?: { text: string; provenance: string }[];
}

/**
 * Markdown whose link and image targets are rewritten by `resolve` before it is parsed, or an
 * HTML tree whose `a href` and `img src` are rewritten.
 */
export type SourceBody = { kind: 'markdown'; text: string } | { kind: 'html'; tree: TreeNode[] };

/** A link target of a page, as the reader resolves it. */
export type Target = { page: string } | { file: string } | null;

export interface SourceExport {
  pages: SourcePage[];
  /** Files by their path in the export. */
  files: Map<string, Uint8Array>;
  /** Resolves a link or image target written in `page` to a page (source id) or file (path). */
  resolve(page: SourcePage, target: string): Target;
  skipped: { path: string; reason: string }[];
  /** Paths of the export that are pages or were attached; the rest is reported as not imported. */
  used: Set<string>;
}

/** Decoded path of a relative target against the folder `dir` ('' for the top), or null when it leaves the export. */
export function joinRelative(dir: string, target: string): string | null {
  let t = target.trim();
  const cut = t.search(/[?#]/);
  if (cut >= 0) t = t.slice(0, cut);
  if (t === '') return null;
  try {
    t = decodeURIComponent(t);
  } catch {
    // Leave undecodable targets as written.
  }
  const parts = t.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const part of t.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/').normalize('NFC');
}

/** True for targets with a scheme (http:, mailto:) or protocol-relative ones: left as they are. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target.trim()) || target.trim().startsWith('//');
}

export const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
export const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
export const withoutExtension = (name: string) => name.replace(/\.[^.]+$/, '');
