import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type DerivedContent, storedLinks } from './derive.ts';

type Trx = Transaction<DB> | Kysely<DB>;

/**
 * Writes a page's derived content: the row's doc, text and headings, and its outgoing page and
 * step links. Call it inside the transaction that also queues the search update. Returns false
 * when nothing changed (the stored doc is equal) or the page is gone, so callers skip the rest.
 */
export async function writeDerivedContent(trx: Trx, pageId: string, derived: DerivedContent, at = new Date()): Promise<boolean> {
  const doc = JSON.stringify(derived.doc);
  // jsonb equality compares values, not text: an unchanged body writes nothing.
  const updated = await trx
    .updateTable('pages')
    .set({ doc, text: derived.text, headings: JSON.stringify(derived.headings), content_updated_at: at })
    .where('id', '=', pageId)
    .where(sql<boolean>`doc IS DISTINCT FROM ${doc}::jsonb`)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;

  const links = storedLinks(pageId, derived.links);
  await trx.deleteFrom('page_links').where('source_page_id', '=', pageId).execute();
  if (links.pageIds.length > 0) {
    await trx
      .insertInto('page_links')
      .values(links.pageIds.map((target) => ({ source_page_id: pageId, target_page_id: target })))
      .execute();
  }
  await trx.deleteFrom('page_step_links').where('page_id', '=', pageId).execute();
  if (links.steps.length > 0) {
    await trx
      .insertInto('page_step_links')
      .values(links.steps.map((s) => ({ page_id: pageId, process_id: s.processId, element_id: s.elementId })))
      .execute();
  }
  return true;
}
