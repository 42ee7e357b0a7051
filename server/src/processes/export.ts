import type { Kysely } from 'kysely';
import { pageHref } from '@stafette/schema';
import { writeStepLinks, type StepLink } from '@stafette/bpmn';
import type { DB } from '../db/schema.ts';
import type { Readable } from './process-queries.ts';

/**
 * The BPMN of the current version with the step → page links written in (packages/bpmn
 * links.ts): a page the caller cannot read is left out, as everywhere else. `origin` makes the
 * page addresses absolute (STAFETTE_PUBLIC_URL, else the request's own origin).
 */
export async function bpmnWithLinks(db: Kysely<DB>, processId: string, xml: string, readable: Readable, origin: string): Promise<string> {
  if (readable !== 'all' && readable.length === 0) return writeStepLinks(xml, new Map());
  let query = db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as s', (join) => join.onRef('s.process_id', '=', 'a.process_id').onRef('s.element_id', '=', 'a.element_id'))
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .select(['a.element_id', 'pg.id', 'pg.title'])
    .where('a.process_id', '=', processId)
    .where('s.removed_in_version', 'is', null)
    .orderBy('a.element_id')
    .orderBy('a.created_at')
    .orderBy('pg.id');
  if (readable !== 'all') query = query.where('pg.space_id', 'in', readable);
  const links = new Map<string, StepLink[]>();
  for (const row of await query.execute()) {
    const list = links.get(row.element_id) ?? [];
    list.push({ pageId: row.id, title: row.title, href: new URL(pageHref(row.id), origin).toString() });
    links.set(row.element_id, list);
  }
  return writeStepLinks(xml, links);
}
