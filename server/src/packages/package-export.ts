import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import * as Y from 'yjs';
import { docToMarkdown, yDocToJSON } from '@stafette/schema';
import { writeStepLinks } from '@stafette/bpmn';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { effectiveLevels } from '../classification/effective.ts';
import { rankOf, type ClassificationKey } from '../classification/levels.ts';
import { labelOf } from '../classification/scheme.ts';
import { Problem, notFound } from '../http/problem.ts';
import type { Readable } from '../processes/process-queries.ts';
import { versionXml } from '../processes/process-queries.ts';
import { publicSet } from '../publishing/public-set.ts';
import { publicPagePath, publicProcessPath } from '../publishing/public-urls.ts';
import { readSettings } from '../publishing/publishing-service.ts';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, type PackageManifest } from './package-format.ts';

/** Pages up to this level leave in a package unless the setting says otherwise (`publishing_settings.package_max_level`). */
export const PACKAGE_MAX_LEVEL_DEFAULT: ClassificationKey = 'intern';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The live attachments of the carried pages, as `files/<id>` with their bytes as stored (they
 * share the page's level, already checked). Files that would take the package past the budget
 * an importer accepts are listed as left out instead.
 */
async function addAttachments(app: FastifyInstance, pageIds: string[], files: Record<string, Uint8Array>, manifest: PackageManifest, budget: number): Promise<void> {
  manifest.attachments = [];
  if (pageIds.length === 0) return;
  const rows = await app.db
    .selectFrom('attachments')
    .select(['id', 'page_id', 'sha256', 'name', 'type', 'size'])
    .where('page_id', 'in', pageIds)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let used = 0;
  for (const row of rows) {
    const size = Number(row.size);
    if (used + size > budget) {
      manifest.leftOut.push({ kind: 'attachment', id: row.id, title: row.name, reason: `${size} bytes: the package would exceed ${budget} bytes of files, the most an import takes` });
      continue;
    }
    const bytes = await readAll(await app.files.store.open(row.sha256));
    used += size;
    const file = `files/${row.id}`;
    files[file] = bytes;
    manifest.attachments.push({ id: row.id, pageId: row.page_id, name: row.name, type: row.type, size: bytes.byteLength, file });
  }
}

/**
 * A process with its knowledge as one package for another town: the current BPMN, the pages on
 * its current steps that the caller can read and whose level allows it, their Markdown and Yjs
 * state, their attached files, and the step links. The process's own level is its space's; above the export level the
 * package is refused. Recorded as `process.package` in the audit log.
 */
export interface ExportOptions {
  /** Bytes of attached files a package carries at most (what an importer takes); files past it are left out. */
  fileBudget: number;
}

export async function exportPackage(app: FastifyInstance, processId: string, readable: Readable, actor: Actor, origin: string, options: ExportOptions): Promise<{ name: string; bytes: Uint8Array }> {
  const db = app.db;
  const process = await db
    .selectFrom('processes as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['p.id', 'p.name', 'p.category', 'p.current_version', 's.classification'])
    .where('p.id', '=', processId)
    .executeTakeFirst();
  const found = await versionXml(db, processId);
  if (!process || !found) throw notFound('process');
  const settings = await readSettings(db);
  const maxLevel = settings.packageMaxLevel;
  if (rankOf(process.classification) > rankOf(maxLevel)) {
    throw new Problem(403, 'classification-export-denied', 'Export not allowed', `The process's space is classified "${await labelOf(db, process.classification)}": packages carry content up to "${await labelOf(db, maxLevel)}" only.`);
  }

  let query = db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as st', (join) => join.onRef('st.process_id', '=', 'a.process_id').onRef('st.element_id', '=', 'a.element_id'))
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .select(['a.element_id', 'pg.id', 'pg.title', 'pg.archived_at'])
    .where('a.process_id', '=', processId)
    .where('st.removed_in_version', 'is', null)
    .orderBy('st.position')
    .orderBy('a.created_at');
  // Pages the caller cannot read are left out without a word, as everywhere else.
  if (readable !== 'all') query = readable.length ? query.where('pg.space_id', 'in', readable) : query.where(({ lit }) => lit(false));
  const attached = (await query.execute()).filter((row) => row.archived_at === null);
  const levels = await effectiveLevels(db, attached.map((row) => row.id));
  const pub = await publicSet(db);

  const files: Record<string, Uint8Array> = {};
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    source: { instance: origin, name: settings.municipalityName },
    exportedAt: new Date().toISOString(),
    maxLevel,
    process: {
      id: process.id,
      name: process.name,
      version: process.current_version,
      category: process.category,
      file: 'process.bpmn',
      publicUrl: pub.processes.has(process.id) ? origin + publicProcessPath(process.id, process.name) : null,
    },
    pages: [],
    links: [],
    leftOut: [],
    checksums: {},
  };
  files['process.bpmn'] = strToU8(writeStepLinks(found.xml, new Map()));

  const included = new Set<string>();
  const refused = new Set<string>();
  for (const row of attached) {
    const level = levels.get(row.id) ?? 'streng-vertraulich';
    if (rankOf(level) > rankOf(maxLevel)) {
      if (!refused.has(row.id)) manifest.leftOut.push({ kind: 'page', id: row.id, title: row.title, reason: `classified "${await labelOf(db, level)}", above "${await labelOf(db, maxLevel)}"` });
      refused.add(row.id);
      continue;
    }
    manifest.links.push({ elementId: row.element_id, pageId: row.id });
    if (included.has(row.id)) continue;
    included.add(row.id);
    const doc = await app.collab.getDocument(row.id);
    files[`pages/${row.id}.md`] = strToU8(docToMarkdown(yDocToJSON(doc)));
    files[`pages/${row.id}.yjs`] = Y.encodeStateAsUpdate(doc);
    manifest.pages.push({
      id: row.id,
      title: row.title,
      classification: level,
      markdown: `pages/${row.id}.md`,
      state: `pages/${row.id}.yjs`,
      publicUrl: pub.pages.has(row.id) ? origin + publicPagePath(row.id, row.title) : null,
    });
  }
  await addAttachments(app, [...included], files, manifest, options.fileBudget);

  for (const [path, bytes] of Object.entries(files)) manifest.checksums[path] = sha256(bytes);
  const bytes = zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest, null, 2)), ...files }, { level: 6 });
  await recordAudit(db, {
    ...actor,
    action: 'process.package',
    targetType: 'process',
    targetId: processId,
    detail: { pages: manifest.pages.length, leftOut: manifest.leftOut.length, version: process.current_version },
  });
  return { name: `${process.name}.stafette`, bytes };
}
