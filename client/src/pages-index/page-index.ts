/**
 * Titles of every page the user can read, for the "[[" page-link autocomplete: built from the
 * spaces list and each space's tree (the routes every reader may call), loaded when first
 * needed and kept for a minute. Strictly confidential pages of spaces the user is not a member
 * of (administrators, knowledge managers) are never suggested: they find them through the space.
 */
import type { TreeNode } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';

export interface IndexedPage {
  id: string;
  title: string;
  /** "Space › Parent › …" for telling equal titles apart. */
  path: string;
}

let cache: { at: number; pages: Promise<IndexedPage[]> } | null = null;
const MAX_AGE_MS = 60_000;

export function loadPageIndex(): Promise<IndexedPage[]> {
  if (cache && Date.now() - cache.at < MAX_AGE_MS) return cache.pages;
  const pages = (async () => {
    const spaces = (await spacesApi.list()).filter((space) => !space.archived);
    const trees = await Promise.all(spaces.map(async (space) => ({ space, tree: await spacesApi.tree(space.id) })));
    const out: IndexedPage[] = [];
    const walk = (nodes: TreeNode[], path: string, member: boolean) => {
      for (const node of nodes) {
        if (node.classification === 'streng-vertraulich' && !member) continue;
        out.push({ id: node.id, title: node.title, path });
        walk(node.children, `${path} › ${node.title}`, member);
      }
    };
    for (const { space, tree } of trees) walk(tree, space.name, space.myRole !== null);
    return out;
  })();
  cache = { at: Date.now(), pages };
  pages.catch(() => {
    cache = null;
  });
  return pages;
}

/** Forget the cached titles (after creating, renaming or archiving pages). */
export function invalidatePageIndex(): void {
  cache = null;
}

/** Pages whose title contains every word of the query (case- and accent-insensitive). */
export function filterPages(pages: IndexedPage[], query: string, exclude?: string, limit = 8): IndexedPage[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('de');
  const words = fold(query).split(/\s+/).filter(Boolean);
  const matches = pages.filter((page) => page.id !== exclude && words.every((word) => fold(page.title).includes(word)));
  const q = fold(query.trim());
  // Titles starting with the query first, then shorter titles.
  matches.sort((a, b) => Number(fold(b.title).startsWith(q)) - Number(fold(a.title).startsWith(q)) || a.title.length - b.title.length);
  return matches.slice(0, limit);
}
