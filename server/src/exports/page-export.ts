import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PrintExportFormat } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { effectiveLevels } from '../classification/effective.ts';
import { assertMayExport, auditClassifiedRead } from '../classification/gates.ts';
import { highest } from '../classification/levels.ts';
import { labelOf } from '../classification/scheme.ts';
import { readBody } from '../content/page-body.ts';
import type { Download } from '../http/download.ts';
import { notFound } from '../http/problem.ts';
import { loadImages } from './images.ts';
import { EXPORT_LIMITS, exportTooLarge } from './limits.ts';
import { germanDate, type PrintSection, walk } from './print-document.ts';
import { printableDoc } from './printable-doc.ts';
import { writePrint } from './write.ts';

interface TreePage {
  id: string;
  title: string;
  depth: number;
}

/**
 * A page, or a page with the live pages below it (in the order of the page tree), as one
 * PDF, DOCX or ODT. Every page goes through the classification gate on its own (a confidential
 * page below an internal one still needs an editor, and is audited); the document is marked
 * with the highest level among its pages.
 */
export async function exportPagePrint(
  app: FastifyInstance,
  request: FastifyRequest,
  page: { id: string; spaceId: string },
  options: { format: PrintExportFormat; subtree: boolean; origin: string },
): Promise<Download> {
  const pages = options.subtree ? await subtreeInOrder(app, page.id, page.spaceId) : await single(app, page.id);
  if (pages.length === 0) throw notFound('page');
  if (pages.length > EXPORT_LIMITS.maxPages) {
    throw exportTooLarge(`The subtree has ${pages.length} pages; one export holds at most ${EXPORT_LIMITS.maxPages}. Export a part of it.`);
  }
  const ids = pages.map((p) => p.id);
  const levels = await effectiveLevels(app.db, ids);
  const actor = actorOf(request);
  for (const id of ids) {
    const level = levels.get(id);
    if (!level) throw notFound('page');
    const detail = { format: options.format, ...(options.subtree ? { subtreeOf: page.id } : {}) };
    await assertMayExport(app.db, { actor, pageId: id, spaceId: page.spaceId, level, detail }, () => labelOf(app.db, level));
  }
  for (const id of ids) await auditClassifiedRead(app.db, actor, id, 'export', levels.get(id));
  const level = highest(...levels.values());

  let elements = 0;
  const sections: PrintSection[] = [];
  for (const p of pages) {
    const doc = printableDoc(await readBody(app, p.id), options.origin);
    walk(doc, () => void elements++);
    if (elements > EXPORT_LIMITS.maxElements) {
      throw exportTooLarge(`These pages hold more than ${EXPORT_LIMITS.maxElements} elements together; export a part of the subtree.`);
    }
    sections.push({ title: p.title, depth: Math.min(p.depth, 2), doc });
  }
  const version = await app.db
    .selectFrom('page_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('page_id', '=', page.id)
    .executeTakeFirst();
  const root = pages[0]!;
  const document = {
    title: root.title,
    marking: `Klassifizierung: ${await labelOf(app.db, level)}`,
    version: version?.n ? `Version ${version.n}` : 'Version 1',
    date: germanDate(new Date()),
    toc: options.subtree,
    sections,
    images: await loadImages(app.db, app.files.store, ids, sections),
  };
  return writePrint(document, options.format, root.title);
}

async function single(app: FastifyInstance, pageId: string): Promise<TreePage[]> {
  const row = await app.db.selectFrom('pages').select(['id', 'title']).where('id', '=', pageId).executeTakeFirst();
  return row ? [{ id: row.id, title: row.title, depth: 0 }] : [];
}

/** The page and its live descendants, depth first in sibling order (as the tree shows them). */
async function subtreeInOrder(app: FastifyInstance, rootId: string, spaceId: string): Promise<TreePage[]> {
  const rows = await app.db
    .selectFrom('pages')
    .select(['id', 'parent_id', 'title', 'position', 'archived_at'])
    .where('space_id', '=', spaceId)
    .orderBy('position')
    .orderBy('title')
    .execute();
  const root = rows.find((r) => r.id === rootId);
  if (!root) return [];
  const children = new Map<string, typeof rows>();
  for (const row of rows) {
    if (row.parent_id === null || row.archived_at !== null) continue;
    const list = children.get(row.parent_id) ?? [];
    list.push(row);
    children.set(row.parent_id, list);
  }
  const out: TreePage[] = [];
  const stack: { row: (typeof rows)[number]; depth: number }[] = [{ row: root, depth: 0 }];
  while (stack.length > 0) {
    const { row, depth } = stack.pop()!;
    out.push({ id: row.id, title: row.title, depth });
    // More than the limit is refused anyway: stop walking there.
    if (out.length > EXPORT_LIMITS.maxPages) break;
    const below = children.get(row.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push({ row: below[i]!, depth: depth + 1 });
  }
  return out;
}
