import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { PackageImportResult, PackagePreview } from '@stafette/api';
import { checkDocComplexity, ContentTooComplexError, InvalidDocumentError, jsonToYUpdate, type PMNodeJSON, validateDocJSON } from '@stafette/schema';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { writeNewPageBody } from '../collab/page-documents.ts';
import { rankOf } from '../classification/levels.ts';
import { recordContributions } from '../content/contributors.ts';
import { deriveContent } from '../content/derive.ts';
import { writeNewPageContent } from '../content/derived-store.ts';
import type { DB } from '../db/schema.ts';
import { type CheckedFile, checkQuota, checkUpload, discardChecked, displayName, storeAttachmentIn } from '../files/attachments-service.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { insertPage, lockSpace } from '../pages/tree.ts';
import { addVersionIn, createProcessIn } from '../processes/process-service.ts';
import { packageInvalid, type PackageFile, type PackagePage, type ReadPackage } from './package-read.ts';

/**
 * Imports a process package read by `package-read.ts` into a space, or previews it (dry run).
 *
 * Rule for a re-import: a process is known by its source (the exporting instance's address and
 * the process id there, stored in `process_package_sources`). A package of a process imported
 * into this space before becomes a new version of that process when its version is higher than
 * the one imported (409 `package-not-newer` otherwise). Pages imported before are kept as they
 * are here — local edits win; only pages new in the package are created. Step links of the
 * package are added where missing; links made here stay.
 *
 * Everything (process or version, pages, bodies, links, provenance rows, audit) happens in one
 * transaction: a refused package or a failure leaves nothing behind.
 */

type Plan = PackagePreview;
interface Known {
  processId: string;
  version: number;
  pages: Map<string, string>;
}

const MAX_ELEMENTS = 100_000;
const MAX_DEPTH = 128;

async function knownImport(trx: Kysely<DB>, spaceId: string, pkg: ReadPackage): Promise<Known | null> {
  const row = await trx
    .selectFrom('process_package_sources as s')
    .innerJoin('processes as p', 'p.id', 's.process_id')
    .select(['s.process_id', 's.source_version'])
    .where('s.space_id', '=', spaceId)
    .where('s.source_instance', '=', pkg.manifest.source.instance)
    .where('s.source_process_id', '=', pkg.manifest.process.id)
    .executeTakeFirst();
  if (!row) return null;
  const pages = await trx
    .selectFrom('process_package_pages as pp')
    .innerJoin('pages as pg', 'pg.id', 'pp.page_id')
    .select(['pp.source_page_id', 'pp.page_id'])
    .where('pp.process_id', '=', row.process_id)
    .where('pg.archived_at', 'is', null)
    .execute();
  return { processId: row.process_id, version: row.source_version, pages: new Map(pages.map((p) => [p.source_page_id, p.page_id])) };
}

async function plan(db: Kysely<DB>, spaceId: string, pkg: ReadPackage, known: Known | null): Promise<Plan> {
  const { manifest } = pkg;
  const conflicts: Plan['conflicts'] = [];
  if (known) {
    conflicts.push(
      known.version >= manifest.process.version
        ? { kind: 'not-newer', id: known.processId, message: `Version ${manifest.process.version} of this package is not newer than version ${known.version}, imported before.` }
        : { kind: 'update', id: known.processId, message: `Imported before (version ${known.version}): version ${manifest.process.version} becomes a new version of that process; its pages here are kept.` },
    );
  } else {
    const same = await db.selectFrom('processes').select('id').where('space_id', '=', spaceId).where('name', '=', manifest.process.name).where('archived_at', 'is', null).executeTakeFirst();
    if (same) conflicts.push({ kind: 'process-name', id: same.id, message: `A process named "${manifest.process.name}" exists in this space; the import creates a second one beside it.` });
  }
  const fresh = pkg.pages.filter((p) => !known?.pages.has(p.sourceId));
  if (fresh.length) {
    const titles = await db.selectFrom('pages').select(['id', 'title']).where('space_id', '=', spaceId).where('archived_at', 'is', null).where('title', 'in', fresh.map((p) => p.title)).execute();
    for (const t of titles) conflicts.push({ kind: 'page-title', id: t.id, message: `A page titled "${t.title}" exists in this space; the imported page is created beside it.` });
  }
  const titleOf = new Map(pkg.pages.map((p) => [p.sourceId, p.title]));
  return {
    source: { instance: manifest.source.instance, name: manifest.source.name, exportedAt: new Date(manifest.exportedAt).toISOString(), publicUrl: manifest.process.publicUrl },
    action: known ? 'update' : 'create',
    process: { name: manifest.process.name, version: manifest.process.version, steps: pkg.bpmn.model.steps.length },
    pages: pkg.pages.map((p) => ({ title: p.title, action: known?.pages.has(p.sourceId) ? 'keep' : 'create' })),
    files: pkg.files,
    links: manifest.links.map((l) => ({ elementId: l.elementId, pageTitle: titleOf.get(l.pageId)! })),
    leftOut: manifest.leftOut.map((l) => ({ kind: l.kind, title: l.title, reason: l.reason })),
    conflicts,
  };
}

/** The chosen parent page: a live page of the space (404 otherwise, 409 parent-archived when archived). */
async function parentPage(db: Kysely<DB>, spaceId: string, parentId: string | null): Promise<{ id: string; title: string } | null> {
  if (parentId === null) return null;
  const row = await db.selectFrom('pages').select(['id', 'title', 'space_id', 'archived_at']).where('id', '=', parentId).executeTakeFirst();
  if (!row || row.space_id !== spaceId) throw notFound('parent page');
  if (row.archived_at) throw conflict('The parent page is archived; restore it first.', 'parent-archived');
  return { id: row.id, title: row.title };
}

/** What the import would do; nothing is written. */
export async function previewPackage(app: FastifyInstance, spaceId: string, pkg: ReadPackage, parentId: string | null = null): Promise<PackagePreview> {
  checkDate(pkg);
  const parent = await parentPage(app.db, spaceId, parentId);
  return { ...(await plan(app.db, spaceId, pkg, await knownImport(app.db, spaceId, pkg))), parent };
}

function checkDate(pkg: ReadPackage): void {
  const at = Date.parse(pkg.manifest.exportedAt);
  // Within what PostgreSQL stores (and what a real export can carry).
  if (Number.isNaN(at) || at < Date.UTC(2000, 0, 1) || at > Date.UTC(9999, 0, 1)) throw packageInvalid('the export time in the manifest is not a date');
}

const sourceName = (pkg: ReadPackage) => pkg.manifest.source.name.trim() || pkg.manifest.source.instance;

/** The note on top of an imported page: "Übernommen von <Quelle>, <Datum>", the source linked when it is public. */
function provenance(pkg: ReadPackage, page: PackagePage, at: Date): PMNodeJSON {
  const url = page.publicUrl ?? pkg.manifest.process.publicUrl;
  const name = sourceName(pkg);
  const date = at.toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
  const safe = url && /^https?:\/\/\S+$/.test(url);
  return {
    type: 'paragraph',
    content: [
      { type: 'text', text: 'Übernommen von ', marks: [{ type: 'em' }] },
      { type: 'text', text: name, marks: safe ? [{ type: 'em' }, { type: 'link', attrs: { href: url, title: null } }] : [{ type: 'em' }] },
      { type: 'text', text: `, ${date}`, marks: [{ type: 'em' }] },
    ],
  };
}

/**
 * The page body here: links to pages of the package, to steps of the process and to the files
 * it carries point at their copies; links to anything else of the source instance, mentions,
 * and images and files not carried become their text (they do not exist here).
 */
const textOf = (text: string, node: PMNodeJSON): PMNodeJSON | null => (text ? { type: 'text', text, ...(node.marks ? { marks: node.marks } : {}) } : null);

const IMAGE_SRC = /^\/api\/v1\/attachments\/([0-9a-f-]{36})$/i;

function localBody(doc: PMNodeJSON, pageIds: Map<string, string>, files: Map<string, string>, sourceProcessId: string, processId: string): PMNodeJSON {
  const visit = (node: PMNodeJSON): PMNodeJSON | null => {
    const attrs = node.attrs as Record<string, unknown> | undefined;
    if (node.type === 'page_link') {
      const local = pageIds.get(String(attrs?.pageId));
      if (local) return { ...node, attrs: { ...attrs, pageId: local } };
      return textOf(String(attrs?.title ?? ''), node);
    }
    // People of the source do not exist here: their names stay as text. Files the package
    // carries point at their copies; others (left out, or of pages not carried) become their name.
    if (node.type === 'mention') return textOf(attrs?.label ? `@${String(attrs.label)}` : '', node);
    if (node.type === 'image') {
      const local = files.get(IMAGE_SRC.exec(String(attrs?.src ?? ''))?.[1]?.toLowerCase() ?? '');
      if (local) return { ...node, attrs: { ...attrs, src: `/api/v1/attachments/${local}` } };
      return textOf(String(attrs?.alt ?? ''), node);
    }
    if (node.type === 'file') {
      const local = files.get(String(attrs?.attachmentId ?? '').toLowerCase());
      if (local) return { ...node, attrs: { ...attrs, attachmentId: local } };
      return textOf(String(attrs?.name ?? ''), node);
    }
    if (node.type === 'step_link') {
      if (attrs?.processId === sourceProcessId) return { ...node, attrs: { ...attrs, processId } };
      return textOf(String(attrs?.label ?? ''), node);
    }
    if (!node.content) return node;
    return { ...node, content: node.content.map(visit).filter((n): n is PMNodeJSON => n !== null) };
  };
  return visit(doc)!;
}

/** Bodies from Markdown only are converted before the transaction (worker, bounded). */
async function markdownDocs(app: FastifyInstance, pages: PackagePage[]): Promise<Map<string, PMNodeJSON>> {
  const docs = new Map<string, PMNodeJSON>();
  for (const page of pages) if (!page.doc) docs.set(page.sourceId, (await app.bodyConverter.create(page.markdown)).derived.doc);
  return docs;
}

function finalBody(doc: PMNodeJSON, note: PMNodeJSON): { update: Uint8Array; doc: PMNodeJSON } {
  const withNote = { ...doc, content: [note, ...(doc.content ?? [])] };
  try {
    checkDocComplexity(withNote, { maxElements: MAX_ELEMENTS, maxDepth: MAX_DEPTH });
    const valid = validateDocJSON(withNote);
    return { update: jsonToYUpdate(valid), doc: valid };
  } catch (error) {
    if (error instanceof ContentTooComplexError) throw new Problem(422, 'content-too-complex', 'Content too complex', `A page of the package is too complex: ${error.message}. Nothing was imported.`);
    if (error instanceof InvalidDocumentError) throw packageInvalid(`a page body is not valid (${error.message})`);
    throw error;
  }
}

/** Creates (or updates, see the rule above) the process with its pages in one transaction. */
export async function importPackage(app: FastifyInstance, spaceId: string, pkg: ReadPackage, actor: UserActor, parentId: string | null = null): Promise<PackageImportResult> {
  checkDate(pkg);
  const docs = await markdownDocs(app, pkg.pages);
  const checked = await checkFiles(app, spaceId, pkg.attachments, actor);
  try {
    return await importChecked(app, spaceId, pkg, actor, docs, checked, parentId);
  } finally {
    await Promise.all(checked.map((c) => discardChecked(c.file)));
  }
}

interface Checked {
  source: PackageFile;
  file: CheckedFile;
}

/**
 * Every attached file passes what an upload passes (`checkUpload`: size, type against name,
 * virus scan when configured — a finding is audited on the space —, image metadata) before the
 * transaction; any refusal refuses the package with nothing written.
 */
async function checkFiles(app: FastifyInstance, spaceId: string, files: PackageFile[], actor: UserActor): Promise<Checked[]> {
  const out: Checked[] = [];
  try {
    for (const source of files) {
      const name = displayName(source.name);
      const file = await checkUpload(Readable.from([Buffer.from(source.bytes)]), name, app.files.settings, {
        infected: (detail) => recordAudit(app.db, { ...actor, action: 'attachment.infected', targetType: 'space', targetId: spaceId, detail: { ...detail, source: 'process-package' } }),
      });
      out.push({ source, file });
    }
    return out;
  } catch (error) {
    await Promise.all(out.map((c) => discardChecked(c.file)));
    throw error;
  }
}

async function importChecked(app: FastifyInstance, spaceId: string, pkg: ReadPackage, actor: UserActor, docs: Map<string, PMNodeJSON>, checked: Checked[], parentId: string | null): Promise<PackageImportResult> {
  const { manifest } = pkg;
  const now = new Date();
  return app.db.transaction().execute(async (trx) => {
    const space = await lockSpace(trx, spaceId);
    if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
    await parentPage(trx, spaceId, parentId);
    const spaceLevel = (await trx.selectFrom('spaces').select('classification').where('id', '=', spaceId).executeTakeFirstOrThrow()).classification;
    // Read under the space lock: two imports of the same package into one space are serialised.
    const known = await knownImport(trx, spaceId, pkg);
    const preview = await plan(trx, spaceId, pkg, known);
    let processId: string;
    let version: number;
    let name = manifest.process.name.trim().slice(0, 200);
    if (known) {
      if (known.version >= manifest.process.version) throw conflict(preview.conflicts[0]!.message, 'package-not-newer');
      const result = await addVersionIn(trx, known.processId, pkg.bpmn, actor);
      processId = known.processId;
      version = result.version;
      name = (await trx.selectFrom('processes').select('name').where('id', '=', processId).executeTakeFirstOrThrow()).name;
      await trx
        .updateTable('process_package_sources')
        .set({ source_version: manifest.process.version, exported_at: new Date(manifest.exportedAt), imported_at: now })
        .where('process_id', '=', processId)
        .execute();
    } else {
      const result = await createProcessIn(trx, spaceId, pkg.bpmn, actor);
      processId = result.id;
      version = result.version;
      if (name) await trx.updateTable('processes').set({ name }).where('id', '=', processId).execute();
      else name = result.name;
      await trx
        .insertInto('process_package_sources')
        .values({ process_id: processId, space_id: spaceId, source_instance: manifest.source.instance, source_process_id: manifest.process.id, source_version: manifest.process.version, exported_at: new Date(manifest.exportedAt) })
        .execute();
    }

    // Pages: the ones imported before stay as they are; new ones are created, then given their bodies (links need every id).
    const ids = new Map(known?.pages ?? []);
    const pages: PackageImportResult['pages'] = [];
    const created: PackagePage[] = [];
    for (const page of pkg.pages) {
      const before = ids.get(page.sourceId);
      if (before) {
        pages.push({ id: before, title: page.title, action: 'keep' });
        continue;
      }
      const id = await insertPage(trx, { spaceId, parentId, title: page.title, userId: actor.actorId });
      // A page confidential at the source stays as confidential here.
      if (page.classification && rankOf(page.classification) > rankOf(spaceLevel)) await trx.updateTable('pages').set({ classification: page.classification }).where('id', '=', id).execute();
      ids.set(page.sourceId, id);
      created.push(page);
      pages.push({ id, title: page.title, action: 'create' });
      await trx.insertInto('process_package_pages').values({ process_id: processId, source_page_id: page.sourceId, page_id: id }).execute();
    }
    // Files of the pages created now, stored as an upload stores them (pages kept keep theirs).
    const fresh = new Set(created.map((p) => p.sourceId));
    const toStore = checked.filter((c) => fresh.has(c.source.sourcePageId));
    await checkQuota(trx, spaceId, app.files.settings.spaceQuotaBytes, toStore.reduce((sum, c) => sum + c.file.size, 0));
    const fileIds = new Map<string, string>();
    const files: PackageImportResult['files'] = [];
    for (const c of toStore) {
      const pageId = ids.get(c.source.sourcePageId)!;
      const row = await storeAttachmentIn(trx, app.files.store, c.file, { pageId, name: displayName(c.source.name), uploaderId: actor.actorId }, actor);
      fileIds.set(c.source.sourceId.toLowerCase(), row.id);
      files.push({ id: row.id, pageId, name: row.name, sha256: row.sha256 });
    }

    for (const page of created) {
      const id = ids.get(page.sourceId)!;
      const source = page.doc ?? docs.get(page.sourceId)!;
      const body = finalBody(localBody(source, ids, fileIds, manifest.process.id, processId), provenance(pkg, page, now));
      await writeNewPageBody(trx, id, body.update);
      await writeNewPageContent(trx, id, deriveContent(body.doc));
      await recordContributions(trx, id, [actor.actorId]);
      await recordAudit(trx, { ...actor, action: 'page.create', targetType: 'page', targetId: id, detail: { spaceId, parentId, title: page.title, source: 'process-package', sourceInstance: manifest.source.instance } });
    }

    // Step links of the package, on steps the current model has.
    const steps = new Set(pkg.bpmn.model.steps.map((s) => s.elementId));
    let links = 0;
    for (const link of manifest.links) {
      if (!steps.has(link.elementId)) continue;
      const inserted = await trx
        .insertInto('process_step_pages')
        .values({ process_id: processId, element_id: link.elementId, page_id: ids.get(link.pageId)!, created_by: actor.actorId })
        .onConflict((oc) => oc.doNothing())
        .returning('page_id')
        .executeTakeFirst();
      if (inserted) links++;
    }

    await recordAudit(trx, {
      ...actor,
      action: 'process.package.import',
      targetType: 'process',
      targetId: processId,
      detail: {
        spaceId,
        action: known ? 'update' : 'create',
        parentId,
        sourceInstance: manifest.source.instance,
        sourceName: manifest.source.name,
        sourceProcessId: manifest.process.id,
        sourceVersion: manifest.process.version,
        exportedAt: manifest.exportedAt,
        pagesCreated: created.length,
        pagesKept: pages.length - created.length,
        files: files.length,
        links,
      },
    });
    return { action: known ? 'update' : 'create', process: { id: processId, name, version }, pages, files, links, conflicts: preview.conflicts.filter((c) => c.kind !== 'update') };
  });
}
