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

/** Pages up to this level leave in a package; above it they are listed as left out. */
export const PACKAGE_MAX_LEVEL: ClassificationKey = 'intern';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A process with its knowledge as one package for another town: the current BPMN, the pages on
 * its current steps that the caller can read and whose level allows it, their Markdown and Yjs
 * state, and the step links. The process's own level is its space's; above the export level the
 * package is refused. Recorded as `process.package` in the audit log.
 */
export async function exportPackage(app: FastifyInstance, processId: string, readable: Readable, actor: Actor, origin: string): Promise<{ name: string; bytes: Uint8Array }> {
  const db = app.db;
  const process = await db
    .selectFrom('processes as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['p.id', 'p.name', 'p.category', 'p.current_version', 's.classification'])
    .where('p.id', '=', processId)
    .executeTakeFirst();
  const found = await versionXml(db, processId);
  if (!process || !found) throw notFound('process');
  if (rankOf(process.classification) > rankOf(PACKAGE_MAX_LEVEL)) {
    throw new Problem(403, 'classification-export-denied', 'Export not allowed', `The process's space is classified "${await labelOf(db, process.classification)}": packages carry content up to "${await labelOf(db, PACKAGE_MAX_LEVEL)}" only.`);
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
    source: { instance: origin, name: (await readSettings(db)).municipalityName },
    exportedAt: new Date().toISOString(),
    maxLevel: PACKAGE_MAX_LEVEL,
    process: {
      id: process.id,
      name: process.name,
      version: process.current_version,
      category: process.category,
      file: 'process.bpmn',
      publicUrl: pub.processes.has(process.id) ? origin + publicProcessPath(process.id) : null,
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
    if (rankOf(level) > rankOf(PACKAGE_MAX_LEVEL)) {
      if (!refused.has(row.id)) manifest.leftOut.push({ kind: 'page', id: row.id, title: row.title, reason: `classified "${await labelOf(db, level)}", above "${await labelOf(db, PACKAGE_MAX_LEVEL)}"` });
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
      publicUrl: pub.pages.has(row.id) ? origin + publicPagePath(row.id) : null,
    });
  }
  const attachments = included.size
    ? await db.selectFrom('attachments').select((eb) => eb.fn.countAll<string>().as('n')).where('page_id', 'in', [...included]).where('deleted_at', 'is', null).executeTakeFirst()
    : undefined;
  if (Number(attachments?.n ?? 0) > 0) manifest.leftOut.push({ kind: 'attachments', id: null, title: null, reason: `${attachments!.n} attached files: format version 1 carries page text only` });

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
