import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PrintExportFormat } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { effectiveLevels } from '../classification/effective.ts';
import { assertMayExport, auditClassifiedRead, editsSpace, exportDenied, exportIsGated } from '../classification/gates.ts';
import { highest } from '../classification/levels.ts';
import { labelOf } from '../classification/scheme.ts';
import { readBody } from '../content/page-body.ts';
import type { Download } from '../http/download.ts';
import { notFound, Problem } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { renderDiagram } from '../processes/diagram-renderer.ts';
import { getProcess, versionXml } from '../processes/process-queries.ts';
import { flowOrder } from './flow-order.ts';
import { loadImages } from './images.ts';
import { EXPORT_LIMITS, exportTooLarge } from './limits.ts';
import { germanDate, type PrintDocument, type PrintSection, walk } from './print-document.ts';
import { printableDoc } from './printable-doc.ts';
import { writePrint } from './write.ts';

/** German names of unnamed steps, by BPMN kind. */
const KIND_NAMES: Record<string, string> = {
  startEvent: 'Start',
  endEvent: 'Ende',
  exclusiveGateway: 'Entscheidung',
  parallelGateway: 'Verzweigung',
  inclusiveGateway: 'Verzweigung',
  intermediateCatchEvent: 'Zwischenereignis',
  intermediateThrowEvent: 'Zwischenereignis',
  boundaryEvent: 'Randereignis',
};

/**
 * The process handbook: the diagram, then every step in flow order with the pages attached to
 * it that the caller can read (live pages only), each under its step. Each page passes the
 * classification gate on its own, and so does the process's space; the document is marked with
 * the highest level among them. Unnamed gateways and events without pages are left out.
 */
export async function exportHandbook(
  app: FastifyInstance,
  request: FastifyRequest,
  processId: string,
  options: { format: PrintExportFormat; origin: string },
): Promise<Download> {
  const process = await getProcess(app.db, processId);
  const found = await versionXml(app.db, processId);
  if (!process || !found) throw notFound('process');
  const actor = actorOf(request);
  const readable = await readableSpaceIds(app.db, currentUser(request));

  const space = await app.db.selectFrom('spaces').select('classification').where('id', '=', process.spaceId).executeTakeFirstOrThrow();
  if (exportIsGated(space.classification)) {
    const allowed = await editsSpace(app.db, actor.actorId, process.spaceId);
    await recordAudit(app.db, {
      actorId: actor.actorId,
      ip: actor.ip,
      action: 'process.export',
      targetType: 'process',
      targetId: processId,
      detail: { format: options.format, classification: space.classification, allowed },
    });
    if (!allowed) throw exportDenied(await labelOf(app.db, space.classification));
  }

  let query = app.db
    .selectFrom('process_step_pages as a')
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .select(['a.element_id', 'pg.id', 'pg.title', 'pg.space_id'])
    .where('a.process_id', '=', processId)
    .where('pg.archived_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('pg.id');
  if (readable !== 'all') query = readable.length === 0 ? query.where('pg.id', 'is', null) : query.where('pg.space_id', 'in', readable);
  const attached = await query.execute();
  const pageIds = [...new Set(attached.map((a) => a.id))];
  if (pageIds.length > EXPORT_LIMITS.maxPages) {
    throw exportTooLarge(`The process has ${pageIds.length} pages on its steps; one handbook holds at most ${EXPORT_LIMITS.maxPages}.`);
  }
  const levels = await effectiveLevels(app.db, pageIds);
  for (const page of attached) {
    const level = levels.get(page.id);
    if (!level) continue;
    await assertMayExport(app.db, { actor, pageId: page.id, spaceId: page.space_id, level, detail: { format: options.format, processId } }, () => labelOf(app.db, level));
  }
  for (const id of pageIds) await auditClassifiedRead(app.db, actor, id, 'export', levels.get(id));

  const roles = new Map(
    (await app.db.selectFrom('process_steps').select(['element_id', 'responsible_role']).where('process_id', '=', processId).where('removed_in_version', 'is', null).execute()).map((r) => [r.element_id, r.responsible_role]),
  );
  const lanes = new Map((process.lanes as { elementId: string; name?: string | null }[]).map((l) => [l.elementId, l.name ?? null]));
  const flows = process.flows as unknown as { kind: string; sourceId: string | null; targetId: string | null }[];
  const bodies = new Map<string, PrintSection['doc']>();
  let elements = 0;
  const sections: PrintSection[] = [];
  for (const step of flowOrder(process.steps, flows)) {
    const pages = attached.filter((a) => a.element_id === step.elementId);
    if (!step.name && pages.length === 0) continue;
    const lane = step.lane ? (lanes.get(step.lane) ?? step.lane) : null;
    const role = roles.get(step.elementId) ?? lane;
    const facts = [...(lane ? [`Bahn: ${lane}`] : []), ...(role ? [`Zuständig: ${role}`] : []), ...(pages.length === 0 ? ['Keine Seiten zu diesem Schritt.'] : [])];
    sections.push({ title: step.name ?? KIND_NAMES[step.kind] ?? step.kind, depth: 0, facts, doc: null });
    for (const page of pages) {
      let doc = bodies.get(page.id);
      if (!doc) {
        doc = printableDoc(await readBody(app, page.id), options.origin);
        walk(doc, () => void elements++);
        if (elements > EXPORT_LIMITS.maxElements) throw exportTooLarge(`The pages of this process hold more than ${EXPORT_LIMITS.maxElements} elements together.`);
        bodies.set(page.id, doc);
      }
      sections.push({ title: page.title, depth: 1, doc });
    }
  }

  const level = highest(space.classification, ...levels.values());
  const document: PrintDocument = {
    title: `Prozesshandbuch: ${process.name}`,
    marking: `Klassifizierung: ${await labelOf(app.db, level)}`,
    version: `Prozessversion ${found.version}`,
    date: germanDate(new Date()),
    toc: true,
    sections,
    images: await loadImages(app.db, app.files.store, pageIds, sections),
    diagram: await diagram(found.xml, options.format),
  };
  return writePrint(document, options.format, `Prozesshandbuch ${process.name}`);
}

/** The diagram as the format needs it; a model without a diagram (no BPMN DI) prints without one. */
async function diagram(xml: string, format: PrintExportFormat): Promise<PrintDocument['diagram']> {
  try {
    if (format === 'pdf') return { svg: (await renderDiagram(xml, 'svg')) as string };
    const png = (await renderDiagram(xml, 'png')) as Buffer;
    // The PNG header (IHDR) holds width and height.
    const width = png.length >= 24 ? png.readUInt32BE(16) : 1200;
    const height = png.length >= 24 ? png.readUInt32BE(20) : 800;
    return { png: { bytes: png, type: 'image/png', width, height } };
  } catch (error) {
    if (error instanceof Problem && error.status === 422) return undefined;
    throw error;
  }
}
