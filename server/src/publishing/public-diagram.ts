import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { Problem } from '../http/problem.ts';
import { renderDiagram } from '../processes/diagram-renderer.ts';
import { versionXml } from '../processes/process-queries.ts';

/**
 * The SVG of a published process's current version, drawn once per version by the processes
 * capability's renderer (bpmn-js in Chromium) and kept with the publication. A model without a
 * diagram is remembered as such (''); a renderer that is busy or down is not remembered, so the
 * next visitor tries again. Returns null when there is no diagram to show.
 */
export async function publicDiagram(db: Kysely<DB>, processId: string): Promise<string | null> {
  const found = await versionXml(db, processId);
  if (!found) return null;
  const cached = await db.selectFrom('published_processes').select(['diagram_version', 'diagram_svg']).where('process_id', '=', processId).executeTakeFirst();
  if (!cached) return null;
  if (cached.diagram_version === found.version && cached.diagram_svg !== null) return cached.diagram_svg || null;
  let svg: string;
  try {
    svg = (await renderDiagram(found.xml, 'svg')) as string;
  } catch (error) {
    if (error instanceof Problem && error.status === 422) svg = '';
    else return null;
  }
  await db.updateTable('published_processes').set({ diagram_version: found.version, diagram_svg: svg }).where('process_id', '=', processId).execute();
  return svg || null;
}
