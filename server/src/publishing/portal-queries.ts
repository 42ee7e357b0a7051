import { type Kysely, sql } from 'kysely';
import { docToText, type PMNodeJSON } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { laneNames } from '../processes/map-queries.ts';
import type { PublicSet } from './public-set.ts';
import { publicDoc } from './public-doc.ts';

/**
 * Reads behind the public portal. Every function takes the current `PublicSet` and returns only
 * what is in it; none returns a person (no author, editor or contact names).
 */

export interface PublicPageRow {
  id: string;
  spaceId: string;
  spaceName: string;
  parentId: string | null;
  title: string;
  doc: PMNodeJSON | null;
  changedAt: Date;
}

export interface PublicProcessRow {
  id: string;
  name: string;
  spaceName: string;
  version: number;
  changedAt: Date;
}

export async function publicPage(db: Kysely<DB>, set: PublicSet, pageId: string): Promise<PublicPageRow | null> {
  if (!set.pages.has(pageId)) return null;
  const row = await db
    .selectFrom('pages as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['p.id', 'p.space_id', 's.name as space_name', 'p.parent_id', 'p.title', 'p.doc', 'p.content_updated_at', 'p.updated_at'])
    .where('p.id', '=', pageId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    spaceId: row.space_id,
    spaceName: row.space_name,
    parentId: row.parent_id,
    title: row.title,
    doc: row.doc,
    changedAt: laterOf(row.content_updated_at, row.updated_at),
  };
}

function laterOf(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}

/** Titles and change dates of public pages (lists, links, sitemap, catalogue), by title. */
export async function publicPageList(db: Kysely<DB>, set: PublicSet) {
  if (set.pages.size === 0) return [];
  const rows = await db
    .selectFrom('pages')
    .select(['id', 'parent_id', 'title', 'content_updated_at', 'updated_at'])
    .where('id', 'in', [...set.pages])
    .orderBy('title')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, title: r.title, changedAt: laterOf(r.content_updated_at, r.updated_at) }));
}

/**
 * The plain text of public pages as citizens see it (`publicDoc`): the stored text of a page
 * also holds the titles of the internal pages it links to, so it never leaves as it is.
 */
export async function publicTexts(db: Kysely<DB>, set: PublicSet): Promise<Map<string, { title: string; text: string }>> {
  if (set.pages.size === 0) return new Map();
  const rows = await db.selectFrom('pages').select(['id', 'title', 'doc']).where('id', 'in', [...set.pages]).execute();
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  return new Map(rows.map((r) => [r.id, { title: r.title, text: r.doc ? docToText(publicDoc(r.doc, { set, titles, processNames: new Map(), origin: '' })) : '' }]));
}

export async function publicProcessList(db: Kysely<DB>, set: PublicSet): Promise<PublicProcessRow[]> {
  if (set.processes.size === 0) return [];
  const rows = await db
    .selectFrom('processes as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['p.id', 'p.name', 's.name as space_name', 'p.current_version', 'p.updated_at'])
    .where('p.id', 'in', [...set.processes])
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, spaceName: r.space_name, version: r.current_version, changedAt: r.updated_at }));
}

/** Public ancestors of a page, from the top (breadcrumbs); unpublished ancestors are left out, titles and all. */
export async function publicAncestors(db: Kysely<DB>, set: PublicSet, pageId: string): Promise<{ id: string; title: string }[]> {
  const { rows } = await sql<{ id: string; title: string; depth: number }>`
    WITH RECURSIVE up(id, parent_id, title, depth) AS (
      SELECT id, parent_id, title, 0 FROM pages WHERE id = ${pageId}
      UNION ALL
      SELECT p.id, p.parent_id, p.title, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < 10000
    )
    SELECT id, title, depth FROM up WHERE depth > 0 ORDER BY depth DESC`.execute(db);
  return rows.filter((r) => set.pages.has(r.id)).map((r) => ({ id: r.id, title: r.title }));
}

/** Public child pages of a page, in the tree's order. */
export async function publicChildren(db: Kysely<DB>, set: PublicSet, pageId: string) {
  const rows = await db.selectFrom('pages').select(['id', 'title']).where('parent_id', '=', pageId).orderBy('position').orderBy('id').execute();
  return rows.filter((r) => set.pages.has(r.id));
}

/** Public processes with a current step this page hangs on. */
export async function publicStepsOfPage(db: Kysely<DB>, set: PublicSet, pageId: string) {
  if (set.processes.size === 0) return [];
  return db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as s', (join) => join.onRef('s.process_id', '=', 'a.process_id').onRef('s.element_id', '=', 'a.element_id'))
    .innerJoin('processes as p', 'p.id', 'a.process_id')
    .select(['p.id as processId', 'p.name as processName', 's.element_id as elementId', 's.name as stepName'])
    .where('a.page_id', '=', pageId)
    .where('s.removed_in_version', 'is', null)
    .where('a.process_id', 'in', [...set.processes])
    .orderBy('p.name')
    .orderBy('s.position')
    .execute();
}

export interface PublicStep {
  elementId: string;
  kind: string;
  name: string | null;
  documentation: string | null;
  /** The responsible role (the step's own, else its lane's name); never a person. */
  role: string | null;
  pages: { id: string; title: string }[];
}

export async function publicProcess(db: Kysely<DB>, set: PublicSet, processId: string): Promise<(PublicProcessRow & { steps: PublicStep[] }) | null> {
  if (!set.processes.has(processId)) return null;
  const process = (await publicProcessList(db, { pages: set.pages, processes: new Set([processId]) }))[0];
  if (!process) return null;
  const steps = await db
    .selectFrom('process_steps')
    .select(['element_id', 'kind', 'name', 'documentation', 'lane', 'responsible_role'])
    .where('process_id', '=', processId)
    .where('removed_in_version', 'is', null)
    .orderBy('position')
    .execute();
  const links = await db
    .selectFrom('process_step_pages as a')
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .select(['a.element_id', 'pg.id', 'pg.title'])
    .where('a.process_id', '=', processId)
    .orderBy('a.created_at')
    .orderBy('pg.id')
    .execute();
  const lanes = (await laneNames(db, [processId])).get(processId) ?? new Map<string, string | null>();
  const byStep = new Map<string, { id: string; title: string }[]>();
  for (const link of links) {
    if (!set.pages.has(link.id)) continue;
    const list = byStep.get(link.element_id) ?? [];
    list.push({ id: link.id, title: link.title });
    byStep.set(link.element_id, list);
  }
  return {
    ...process,
    steps: steps.map((s) => ({
      elementId: s.element_id,
      kind: s.kind,
      name: s.name,
      documentation: s.documentation,
      role: s.responsible_role ?? (s.lane ? (lanes.get(s.lane) ?? null) : null),
      pages: byStep.get(s.element_id) ?? [],
    })),
  };
}

const SEARCH_MAX_RESULTS = 50;

/**
 * Full-text search (German stemming) over the public text of public pages (`publicTexts`) and
 * the names of public processes; nothing else is searched, so no internal word finds anything.
 */
export async function searchPublic(db: Kysely<DB>, set: PublicSet, query: string) {
  const texts = await publicTexts(db, set);
  const pageIds = [...texts.keys()];
  const bodies = pageIds.map((id) => `${texts.get(id)!.title}\n${texts.get(id)!.text}`);
  const pages =
    pageIds.length === 0
      ? []
      : (
          await sql<{ id: string }>`
            SELECT id FROM unnest(${sql.val(pageIds)}::uuid[], ${sql.val(bodies)}::text[]) AS t(id, body)
            WHERE to_tsvector('german', body) @@ websearch_to_tsquery('german', ${query})
            ORDER BY ts_rank(to_tsvector('german', body), websearch_to_tsquery('german', ${query})) DESC, id
            LIMIT ${SEARCH_MAX_RESULTS}`.execute(db)
        ).rows.map((r) => ({ id: r.id, ...texts.get(r.id)! }));
  const processIds = [...set.processes];
  const processes =
    processIds.length === 0
      ? []
      : (
          await sql<{ id: string; name: string }>`
            SELECT id, name FROM processes
            WHERE id = ANY(${sql.val(processIds)}::uuid[])
              AND (to_tsvector('german', name) @@ websearch_to_tsquery('german', ${query}) OR name ILIKE ${`%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})
            ORDER BY name LIMIT ${SEARCH_MAX_RESULTS}`.execute(db)
        ).rows;
  return { pages, processes };
}
