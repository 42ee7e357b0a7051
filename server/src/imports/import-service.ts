import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { MigrationFormat, MigrationResult } from '@stafette/api';
import { attachmentHref, pageHref, type PMNodeJSON } from '@stafette/schema';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { createComment } from '../comments/comment-service.ts';
import { writeNewPageBody } from '../collab/page-documents.ts';
import { recordContributions } from '../content/contributors.ts';
import type { DerivedContent } from '../content/derive.ts';
import { writeNewPageContent } from '../content/derived-store.ts';
import { readDerived, replaceBodyFrom } from '../content/page-body.ts';
import { withImages } from '../files/import/document-importer.ts';
import { treeToDoc } from '../files/import/tree-to-doc.ts';
import { IMAGE_SRC_PREFIX, type TreeNode } from '../files/import/tree.ts';
import { conflict, Problem } from '../http/problem.ts';
import { movePageTo, renamePage } from '../pages/pages-service.ts';
import { insertPage, lockSpace } from '../pages/tree.ts';
import { rewriteMarkdownLinks } from './markdown-links.ts';
import { baseName, type SourceExport, type SourcePage } from './source.ts';

export interface MigrationInput {
  spaceId: string;
  /** The page the imported tree goes below; null: the top level. */
  parentId: string | null;
  format: MigrationFormat;
  source: SourceExport;
}

export interface MigrationProgress {
  phase: 'pages' | 'content';
  done: number;
  total: number;
}

type Body = { markdown: string } | { doc: PMNodeJSON };

/**
 * Imports what a reader made of an export (source.ts) into a space, as `actor`:
 *
 * 1. every page is found by its source id from an earlier run (`import_sources`) and renamed
 *    or moved when that changed, or created empty (tree service: position and checks as
 *    `POST /pages`);
 * 2. then, since links need the ids of all pages, each page's files are attached (files
 *    service: sniffing, quota, scan, metadata; a file attached by an earlier run with the same
 *    bytes is reused) and its body written with links to pages and files rewritten. A body
 *    equal to what the earlier run wrote is not written again.
 *
 * A second run of the same export therefore changes nothing; a changed export updates what
 * changed. Comments of the source (Confluence) become page comments when the page is made;
 * later runs leave the page's comments to the people discussing it. A file the files service refuses (type, malware, size) is left out and reported;
 * the link to it keeps its text.
 */
export async function runMigration(app: FastifyInstance, input: MigrationInput, actor: UserActor, onProgress: (p: MigrationProgress) => void = () => {}): Promise<MigrationResult> {
  const { source, spaceId, format } = input;
  const result: MigrationResult = { created: 0, updated: 0, unchanged: 0, files: 0, skipped: [...source.skipped], rootPageIds: [] };
  const earlier = new Map(
    (await app.db.selectFrom('import_sources').select(['source_id', 'page_id', 'digest']).where('space_id', '=', spaceId).where('format', '=', format).execute()).map((r) => [r.source_id, r]),
  );
  const ids = new Map<string, string>();
  const created = new Set<string>();
  const moved = new Set<string>();
  const empty = await app.bodyConverter.create('');

  // 1. Pages, parents first.
  for (const [i, page] of source.pages.entries()) {
    const parentId = page.parentSourceId === null ? input.parentId : (ids.get(page.parentSourceId) ?? input.parentId);
    const before = earlier.get(page.sourceId);
    const row = before ? await app.db.selectFrom('pages').select(['id', 'title', 'parent_id']).where('id', '=', before.page_id).executeTakeFirst() : undefined;
    if (row) {
      ids.set(page.sourceId, row.id);
      if (row.title !== page.title) {
        await renamePage(app.db, row.id, page.title, actor);
        moved.add(row.id);
      }
      if (row.parent_id !== parentId) {
        await movePageTo(app.db, { id: row.id, spaceId }, parentId, undefined, actor);
        moved.add(row.id);
      }
    } else {
      const id = await createEmptyPage(app, { spaceId, parentId, title: page.title, format, path: page.path }, empty, actor);
      ids.set(page.sourceId, id);
      created.add(id);
    }
    if (page.parentSourceId === null) result.rootPageIds.push(ids.get(page.sourceId)!);
    onProgress({ phase: 'pages', done: i + 1, total: source.pages.length });
  }

  // 2. Files and bodies.
  for (const [i, page] of source.pages.entries()) {
    const pageId = ids.get(page.sourceId)!;
    const body = await bodyOf(app, page, source, ids, pageId, actor, result);
    const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const before = earlier.get(page.sourceId);
    const bodyChanged = !before || before.page_id !== pageId || before.digest !== digest;
    if (bodyChanged) {
      const changed = await replaceBodyFrom(app, pageId, body, `import:${format}`);
      if (changed) await app.content.refresh(pageId, () => readDerived(app, pageId), { editors: [actor.actorId] });
      await app.db
        .insertInto('import_sources')
        .values({ space_id: spaceId, format, source_id: page.sourceId, page_id: pageId, digest })
        .onConflict((oc) => oc.columns(['space_id', 'format', 'source_id']).doUpdateSet({ page_id: pageId, digest, imported_at: new Date() }))
        .execute();
    }
    if (created.has(pageId)) {
      for (const comment of page.comments ?? []) await createComment(app.db, pageId, { body: commentBody(comment, format) }, actor);
      result.created += 1;
    } else if (bodyChanged || moved.has(pageId)) result.updated += 1;
    else result.unchanged += 1;
    onProgress({ phase: 'content', done: i + 1, total: source.pages.length });
  }

  for (const path of source.files.keys()) {
    if (!source.used.has(path) && !result.skipped.some((s) => s.path === path)) result.skipped.push({ path, reason: 'no page links to this file; it was not imported' });
  }

  await recordAudit(app.db, {
    ...actor,
    action: 'space.import',
    targetType: 'space',
    targetId: spaceId,
    detail: { format, created: result.created, updated: result.updated, unchanged: result.unchanged, files: result.files, skipped: result.skipped.length },
  });
  return result;
}

const SOURCE_NAMES: Record<MigrationFormat, string> = { markdown: 'Markdown', confluence: 'Confluence', bookstack: 'BookStack' };

/** A comment of the source with its author and date as text: the author is no account here. */
function commentBody(comment: { text: string; provenance: string }, format: MigrationFormat): string {
  const from = comment.provenance ? `${comment.provenance}, aus ${SOURCE_NAMES[format]} übernommen` : `Aus ${SOURCE_NAMES[format]} übernommen`;
  return `${comment.text}\n\n— ${from}`;
}

/** A new page with an empty body, in one transaction with its audit entry (as `importPage`). */
async function createEmptyPage(
  app: FastifyInstance,
  input: { spaceId: string; parentId: string | null; title: string; format: MigrationFormat; path: string },
  empty: { update: Uint8Array; derived: DerivedContent },
  actor: UserActor,
): Promise<string> {
  return app.db.transaction().execute(async (trx) => {
    const space = await lockSpace(trx, input.spaceId);
    if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
    const pageId = await insertPage(trx, { spaceId: input.spaceId, parentId: input.parentId, title: input.title, userId: actor.actorId });
    await writeNewPageBody(trx, pageId, empty.update);
    await writeNewPageContent(trx, pageId, empty.derived);
    await recordContributions(trx, pageId, [actor.actorId]);
    await recordAudit(trx, {
      ...actor,
      action: 'page.create',
      targetType: 'page',
      targetId: pageId,
      detail: { spaceId: input.spaceId, parentId: input.parentId, title: input.title, source: `${input.format}-migration`, path: input.path },
    });
    return pageId;
  });
}

/** The page's body with links to pages and files pointing at them here. */
async function bodyOf(app: FastifyInstance, page: SourcePage, source: SourceExport, ids: Map<string, string>, pageId: string, actor: UserActor, result: MigrationResult): Promise<Body> {
  const targets = new Set<string>();
  if (page.body.kind === 'markdown') {
    rewriteMarkdownLinks(page.body.text, (target) => {
      targets.add(target);
      return null;
    });
  } else {
    walkRefs(page.body.tree, (node, attr) => targets.add(node.attrs[attr]!));
  }
  const hrefs = new Map<string, string>();
  for (const target of targets) {
    const hit = source.resolve(page, target);
    if (!hit) continue;
    if ('page' in hit) {
      const id = ids.get(hit.page);
      if (id) hrefs.set(target, pageHref(id));
      continue;
    }
    source.used.add(hit.file);
    const attachmentId = await ensureFile(app, pageId, hit.file, source.files.get(hit.file)!, actor, result);
    if (attachmentId) hrefs.set(target, attachmentHref(attachmentId));
  }
  if (page.body.kind === 'markdown') return { markdown: rewriteMarkdownLinks(page.body.text, (target) => hrefs.get(target) ?? null) };

  // HTML: links rewritten in place; images become the importer's numbered sources.
  const sources: (string | null)[] = [];
  const tree = structuredClone(page.body.tree);
  walkRefs(tree, (node, attr) => {
    const href = hrefs.get(node.attrs[attr]!);
    if (attr === 'src') node.attrs.src = `${IMAGE_SRC_PREFIX}${sources.push(href ?? null) - 1}`;
    else if (href) node.attrs.href = href;
  });
  return { doc: withImages(treeToDoc(tree), sources) };
}

type Element = Extract<TreeNode, { tag: string }>;

function walkRefs(nodes: TreeNode[], visit: (node: Element, attr: 'href' | 'src') => void): void {
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('tag' in node)) continue;
    if (node.tag === 'a' && node.attrs.href) visit(node, 'href');
    if (node.tag === 'img' && node.attrs.src) visit(node, 'src');
    stack.push(...node.children);
  }
}

/** The attachment for a file of the export on the page: the earlier run's when the bytes are the same. */
async function ensureFile(app: FastifyInstance, pageId: string, path: string, bytes: Uint8Array, actor: UserActor, result: MigrationResult): Promise<string | null> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const before = await app.db
    .selectFrom('import_files')
    .innerJoin('attachments', 'attachments.id', 'import_files.attachment_id')
    .select(['import_files.attachment_id', 'import_files.sha256', 'attachments.deleted_at'])
    .where('import_files.page_id', '=', pageId)
    .where('import_files.source_path', '=', path)
    .executeTakeFirst();
  if (before && before.sha256 === sha256 && !before.deleted_at) return before.attachment_id;
  try {
    const row = await app.files.create({ pageId, name: baseName(path), stream: Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), uploaderId: actor.actorId }, actor);
    await app.db
      .insertInto('import_files')
      .values({ page_id: pageId, source_path: path, sha256, attachment_id: row.id })
      .onConflict((oc) => oc.columns(['page_id', 'source_path']).doUpdateSet({ sha256, attachment_id: row.id }))
      .execute();
    result.files += 1;
    return row.id;
  } catch (err) {
    // Refused for what the file is (type, size, malware): reported, the import goes on.
    if (err instanceof Problem && [413, 415, 422].includes(err.status)) {
      if (!result.skipped.some((s) => s.path === path)) result.skipped.push({ path, reason: err.detail ?? err.title });
      return null;
    }
    throw err;
  }
}
