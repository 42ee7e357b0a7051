import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { commentTextByPage } from '../comments/comment-queries.ts';
import type { SearchAttachment, SearchDocument, SearchStep } from './backend.ts';

/**
 * Reads what search stores of the given pages. Pages that are gone, archived or in an archived
 * space come back in `gone`: the backends remove them, so search never shows them.
 */
export async function loadSearchDocuments(db: Kysely<DB>, pageIds: readonly string[]): Promise<{ documents: SearchDocument[]; gone: string[] }> {
  if (pageIds.length === 0) return { documents: [], gone: [] };
  const rows = await db
    .selectFrom('pages')
    .innerJoin('spaces', 'spaces.id', 'pages.space_id')
    .select(['pages.id', 'pages.space_id', 'pages.title', 'pages.text', 'pages.headings', 'pages.updated_at', 'pages.content_updated_at', 'pages.created_by'])
    .where('pages.id', 'in', [...pageIds])
    .where('pages.archived_at', 'is', null)
    .where('spaces.archived_at', 'is', null)
    .execute();
  const steps = await stepsOf(db, rows.map((r) => r.id));
  // Comments are found with their page (their changes queue it: migration 0017).
  const comments = await commentTextByPage(db, rows.map((r) => r.id));
  const files = await attachmentsOf(db, rows.map((r) => r.id));
  const live = new Set(rows.map((r) => r.id));
  return {
    documents: rows.map((r) => ({
      pageId: r.id,
      spaceId: r.space_id,
      title: r.title,
      headings: (Array.isArray(r.headings) ? r.headings : []).map((h) => h.text).filter((t) => typeof t === 'string' && t.length > 0),
      body: `${r.text ?? ''}${comments.get(r.id) ?? ''}`,
      steps: steps.get(r.id) ?? [],
      attachments: files.get(r.id) ?? [],
      updatedAt: latest(r.updated_at, r.content_updated_at),
      authorId: r.created_by,
    })),
    gone: pageIds.filter((id) => !live.has(id)),
  };
}

function latest(updated: Date | string, content: Date | null): Date {
  const a = new Date(updated);
  return content && content > a ? content : a;
}

/** Steps of live processes the pages are attached to, in diagram order. */
async function stepsOf(db: Kysely<DB>, pageIds: string[]): Promise<Map<string, SearchStep[]>> {
  const out = new Map<string, SearchStep[]>();
  if (pageIds.length === 0) return out;
  const rows = await db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as s', (j) => j.onRef('s.process_id', '=', 'a.process_id').onRef('s.element_id', '=', 'a.element_id'))
    .innerJoin('processes as p', 'p.id', 'a.process_id')
    .select(['a.page_id', 'a.process_id', 'a.element_id', 's.name'])
    .where('a.page_id', 'in', pageIds)
    .where('p.archived_at', 'is', null)
    .where('s.removed_in_version', 'is', null)
    .orderBy('p.name')
    .orderBy('s.position')
    .execute();
  for (const r of rows) {
    let list = out.get(r.page_id);
    if (!list) out.set(r.page_id, (list = []));
    list.push({ processId: r.process_id, elementId: r.element_id, name: r.name });
  }
  return out;
}

/**
 * Most characters of file text indexed per page: a tsvector holds at most 1 MB, and the page's
 * own body needs room too. Each file keeps up to STAFETTE_FILE_TEXT_MAX_CHARS in attachment_texts.
 */
export const MAX_ATTACHMENT_TEXT_PER_PAGE = 300_000;

/**
 * The live files of the pages with the text extracted from their current bytes (migration
 * 0016): every file's name is searchable, its text when extraction succeeded.
 */
async function attachmentsOf(db: Kysely<DB>, pageIds: string[]): Promise<Map<string, SearchAttachment[]>> {
  const out = new Map<string, SearchAttachment[]>();
  if (pageIds.length === 0) return out;
  const rows = await db
    .selectFrom('attachments as a')
    .leftJoin('attachment_texts as t', (j) => j.onRef('t.attachment_id', '=', 'a.id').onRef('t.sha256', '=', 'a.sha256').on('t.status', '=', 'ok'))
    .select(['a.id', 'a.page_id', 'a.name', 'a.type', 't.text'])
    .where('a.page_id', 'in', pageIds)
    .where('a.deleted_at', 'is', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  const budget = new Map<string, number>();
  for (const r of rows) {
    let list = out.get(r.page_id);
    if (!list) out.set(r.page_id, (list = []));
    const left = budget.get(r.page_id) ?? MAX_ATTACHMENT_TEXT_PER_PAGE;
    const text = (r.text ?? '').slice(0, left);
    budget.set(r.page_id, left - text.length);
    list.push({ id: r.id, name: r.name, text, type: r.type });
  }
  return out;
}

/** Every live page, in batches, for a full reindex. */
export async function* allSearchDocuments(db: Kysely<DB>, batchSize = 500): AsyncGenerator<SearchDocument[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = await db.selectFrom('pages').select('id').where('id', '>', after).orderBy('id').limit(batchSize).execute();
    if (ids.length === 0) return;
    after = ids[ids.length - 1]!.id;
    const { documents } = await loadSearchDocuments(db, ids.map((r) => r.id));
    if (documents.length > 0) yield documents;
  }
}

/** How many pages a full reindex walks (the progress bar's total). */
export async function countPages(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('pages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
