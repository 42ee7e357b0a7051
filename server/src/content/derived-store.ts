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

  await trx.deleteFrom('page_links').where('source_page_id', '=', pageId).execute();
  await trx.deleteFrom('page_step_links').where('page_id', '=', pageId).execute();
  await insertLinks(trx, pageId, derived);
  return true;
}

/**
 * Derived content of a page created in the same transaction (import): no old links to remove,
 * nothing to compare. Returns the row's summary columns, so the caller needs no extra read.
 */
export async function writeNewPageContent(trx: Trx, pageId: string, derived: DerivedContent, at = new Date()) {
  const row = await trx
    .updateTable('pages')
    .set({ doc: JSON.stringify(derived.doc), text: derived.text, headings: JSON.stringify(derived.headings), content_updated_at: at })
    .where('id', '=', pageId)
    .returning(['id', 'space_id', 'parent_id', 'title', 'position', 'archived_at', 'archive_root_id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'content_updated_at'])
    .executeTakeFirstOrThrow();
  await insertLinks(trx, pageId, derived);
  return row;
}

async function insertLinks(trx: Trx, pageId: string, derived: DerivedContent): Promise<void> {
  const links = storedLinks(pageId, derived.links);
  if (links.pageIds.length > 0) {
    await trx
      .insertInto('page_links')
      .values(links.pageIds.map((target) => ({ source_page_id: pageId, target_page_id: target })))
      .execute();
  }
  if (links.steps.length > 0) {
    await trx
      .insertInto('page_step_links')
      .values(links.steps.map((s) => ({ page_id: pageId, process_id: s.processId, element_id: s.elementId })))
      .execute();
  }
}
