import { type Kysely, type Transaction, sql } from 'kysely';
import type { ImportWarning, OrphanedStep } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { laneNames, stepContacts } from './map-queries.ts';
import { iso, isoOrNull, stepFromRow } from './process-json.ts';

/** Reads of processes, their versions, steps and attached pages. */

type Db = Kysely<DB> | Transaction<DB>;
/** Space ids whose pages the viewer may see: from readableSpaceIds. */
export type Readable = string[] | 'all';

/** A page hangs on the step aliased `s`. */
const stepHasPages = sql<boolean>`EXISTS (SELECT 1 FROM process_step_pages a WHERE a.process_id = s.process_id AND a.element_id = s.element_id)`;

/**
 * Steps that left the model while pages hang on them, with their page counts. A removed step
 * kept only for interview answers linked to it is not listed: the process view has nothing to
 * offer for it, the interview shows the link as orphaned.
 */
export async function orphanedSteps(db: Db, processId: string): Promise<OrphanedStep[]> {
  const rows = await db
    .selectFrom('process_steps as s')
    .select(['s.element_id', 's.kind', 's.name', 's.lane', 's.removed_in_version'])
    .select((eb) =>
      eb
        .selectFrom('process_step_pages as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.process_id', '=', 's.process_id')
        .whereRef('a.element_id', '=', 's.element_id')
        .as('page_count'),
    )
    .where('s.process_id', '=', processId)
    .where('s.removed_in_version', 'is not', null)
    .where(stepHasPages)
    .orderBy('s.removed_in_version')
    .orderBy('s.position')
    .execute();
  return rows.map((r) => ({
    elementId: r.element_id,
    kind: r.kind,
    name: r.name,
    lane: r.lane,
    removedInVersion: r.removed_in_version!,
    pageCount: Number(r.page_count),
  }));
}

export async function listProcesses(db: Db, spaceIds: Readable, options: { includeArchived: boolean }) {
  if (spaceIds !== 'all' && spaceIds.length === 0) return [];
  let query = db
    .selectFrom('processes as p')
    .select(['p.id', 'p.space_id', 'p.name', 'p.current_version', 'p.archived_at', 'p.created_at', 'p.updated_at', 'p.category'])
    .select((eb) => [
      eb
        .selectFrom('process_steps as s')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('s.process_id', '=', 'p.id')
        .where('s.removed_in_version', 'is', null)
        .as('step_count'),
      eb
        .selectFrom('process_steps as s')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('s.process_id', '=', 'p.id')
        .where('s.removed_in_version', 'is not', null)
        .where(stepHasPages)
        .as('orphaned_count'),
    ])
    .orderBy('p.name')
    .orderBy('p.created_at')
    .limit(5000);
  if (spaceIds !== 'all') query = query.where('p.space_id', 'in', spaceIds);
  if (!options.includeArchived) query = query.where('p.archived_at', 'is', null);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    spaceId: r.space_id,
    name: r.name,
    version: r.current_version,
    stepCount: Number(r.step_count),
    orphanedCount: Number(r.orphaned_count),
    archivedAt: isoOrNull(r.archived_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    category: r.category,
  }));
}

/** The process with the current version's steps and model; null when it does not exist. */
export async function getProcess(db: Db, processId: string) {
  const process = await db.selectFrom('processes').selectAll().where('id', '=', processId).executeTakeFirst();
  if (!process) return null;
  const version = await db
    .selectFrom('process_versions')
    .select('model')
    .where('process_id', '=', processId)
    .where('version', '=', process.current_version)
    .executeTakeFirstOrThrow();
  const steps = await db
    .selectFrom('process_steps')
    .selectAll()
    .where('process_id', '=', processId)
    .where('removed_in_version', 'is', null)
    .orderBy('position')
    .execute();
  const model = version.model as Record<string, unknown>;
  const owner = process.owner_id
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', '=', process.owner_id).executeTakeFirst()
    : undefined;
  const list = (key: string) => (Array.isArray(model[key]) ? (model[key] as { elementId: string }[]) : []);
  return {
    id: process.id,
    spaceId: process.space_id,
    name: process.name,
    version: process.current_version,
    archivedAt: isoOrNull(process.archived_at),
    createdAt: iso(process.created_at),
    updatedAt: iso(process.updated_at),
    category: process.category,
    owner: owner ? { id: owner.id, displayName: owner.display_name } : null,
    language: typeof model.language === 'string' ? model.language : null,
    steps: steps.map(stepFromRow),
    orphanedSteps: await orphanedSteps(db, processId),
    processes: list('processes'),
    collaborations: list('collaborations'),
    pools: list('pools'),
    lanes: list('lanes'),
    flows: list('flows'),
    dataObjects: list('dataObjects'),
    warnings: storedWarnings(model.warnings),
  };
}

/**
 * Warnings as stored with a version: objects since the lenient import, plain strings (unresolved
 * references) in versions imported before it.
 */
function storedWarnings(value: unknown): ImportWarning[] {
  if (!Array.isArray(value)) return [];
  return value.map((w) => (typeof w === 'string' ? { code: 'unresolved-reference', message: w, line: null } : (w as ImportWarning)));
}

/** The number of the process's current version; null when there is no such process. */
export async function currentVersion(db: Db, processId: string): Promise<number | null> {
  const row = await db.selectFrom('processes').select('current_version').where('id', '=', processId).executeTakeFirst();
  return row?.current_version ?? null;
}

export async function listVersions(db: Db, processId: string, currentVersion: number) {
  const rows = await db
    .selectFrom('process_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.file_name', 'v.byte_size', 'v.step_count', 'v.created_at', 'u.id as user_id', 'u.display_name'])
    .where('v.process_id', '=', processId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    current: r.version === currentVersion,
    fileName: r.file_name,
    byteSize: r.byte_size,
    stepCount: r.step_count,
    createdAt: iso(r.created_at),
    createdBy: r.user_id ? { id: r.user_id, displayName: r.display_name! } : null,
  }));
}

/** The stored XML of a version (the current one when `version` is omitted). */
export async function versionXml(db: Db, processId: string, version?: number): Promise<{ xml: string; version: number; fileName: string | null; name: string } | null> {
  let query = db
    .selectFrom('process_versions as v')
    .innerJoin('processes as p', 'p.id', 'v.process_id')
    .select(['v.xml', 'v.version', 'v.file_name', 'p.name'])
    .where('v.process_id', '=', processId);
  query = version === undefined ? query.whereRef('v.version', '=', 'p.current_version') : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  return row ? { xml: row.xml, version: row.version, fileName: row.file_name, name: row.name } : null;
}

export async function findStep(db: Db, processId: string, elementId: string) {
  return db
    .selectFrom('process_steps')
    .select(['element_id', 'removed_in_version'])
    .where('process_id', '=', processId)
    .where('element_id', '=', elementId)
    .executeTakeFirst();
}

/** A step as links name it: its process and BPMN element id. */
export interface StepKey {
  processId: string;
  elementId: string;
}

/**
 * Whether the step can take a new link (an attached page, an interview answer), asked in the
 * transaction that inserts it. The row stays locked FOR SHARE until commit: a version upload or
 * detach that deletes or orphans the step (they lock steps FOR UPDATE) waits for the link, or
 * the link waits for them and sees what they left, never a deleted or orphaned step.
 */
export async function stepForLink(trx: Transaction<DB>, step: StepKey): Promise<'live' | 'removed' | 'missing'> {
  const row = await trx
    .selectFrom('process_steps')
    .select('removed_in_version')
    .where('process_id', '=', step.processId)
    .where('element_id', '=', step.elementId)
    .forShare()
    .executeTakeFirst();
  if (!row) return 'missing';
  return row.removed_in_version === null ? 'live' : 'removed';
}

/** Pages attached to a step that the viewer can read (archived ones flagged). */
export async function stepPages(db: Db, processId: string, elementId: string, readable: Readable) {
  if (readable !== 'all' && readable.length === 0) return [];
  let query = db
    .selectFrom('process_step_pages as a')
    .innerJoin('pages as pg', 'pg.id', 'a.page_id')
    .innerJoin('spaces as sp', 'sp.id', 'pg.space_id')
    .select(['pg.id', 'pg.space_id', 'pg.title', 'pg.archived_at', 'sp.archived_at as space_archived_at', 'pg.updated_at', 'a.created_at'])
    .where('a.process_id', '=', processId)
    .where('a.element_id', '=', elementId)
    .orderBy('pg.title')
    .orderBy('pg.id');
  if (readable !== 'all') query = query.where('pg.space_id', 'in', readable);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    spaceId: r.space_id,
    title: r.title,
    archived: r.archived_at !== null || r.space_archived_at !== null,
    updatedAt: iso(r.updated_at),
    attachedAt: iso(r.created_at),
  }));
}

/** Steps a page hangs on, in processes of spaces the viewer can read. */
export async function pageSteps(db: Db, pageId: string, readable: Readable) {
  if (readable !== 'all' && readable.length === 0) return [];
  let query = db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as s', (join) => join.onRef('s.process_id', '=', 'a.process_id').onRef('s.element_id', '=', 'a.element_id'))
    .innerJoin('processes as p', 'p.id', 'a.process_id')
    .select(['p.id as process_id', 'p.name as process_name', 'p.space_id', 'p.archived_at', 's.element_id', 's.kind', 's.name', 's.lane', 's.removed_in_version', 's.responsible_role'])
    .where('a.page_id', '=', pageId)
    .orderBy('p.name')
    .orderBy('s.position');
  if (readable !== 'all') query = query.where('p.space_id', 'in', readable);
  const rows = await query.execute();
  // Who to ask about each step ("Ansprechpartner:in"): its role (else the lane's name) and contacts.
  const lanes = await laneNames(db, rows.map((r) => r.process_id));
  const contacts = await stepContacts(db, rows.map((r) => ({ processId: r.process_id, elementId: r.element_id })));
  return rows.map((r) => ({
    processId: r.process_id,
    processName: r.process_name,
    spaceId: r.space_id,
    processArchived: r.archived_at !== null,
    elementId: r.element_id,
    kind: r.kind,
    name: r.name,
    lane: r.lane,
    orphaned: r.removed_in_version !== null,
    role: r.responsible_role ?? (r.lane === null ? null : (lanes.get(r.process_id)?.get(r.lane) ?? null)),
    contacts: (contacts.get(`${r.process_id}\0${r.element_id}`) ?? []).filter((c) => c.active).map((c) => ({ id: c.id, displayName: c.displayName })),
  }));
}

/**
 * Knowledge coverage of each current step: how many readable, non-archived pages hang on it
 * and when the newest of them was last edited.
 */
export async function coverage(db: Db, processId: string, readable: Readable) {
  const counted =
    readable === 'all' ? sql<boolean>`true` : readable.length === 0 ? sql<boolean>`false` : sql<boolean>`pg.space_id IN (${sql.join(readable)})`;
  const rows = await db
    .selectFrom('process_steps as s')
    .leftJoin('process_step_pages as a', (join) => join.onRef('a.process_id', '=', 's.process_id').onRef('a.element_id', '=', 's.element_id'))
    .leftJoin('pages as pg', (join) => join.onRef('pg.id', '=', 'a.page_id').on('pg.archived_at', 'is', null).on(counted))
    .select(['s.element_id', 's.kind', 's.name', 's.lane', 's.position'])
    .select((eb) => [eb.fn.count<number>('pg.id').as('page_count'), eb.fn.max('pg.updated_at').as('last_edited_at')])
    .where('s.process_id', '=', processId)
    .where('s.removed_in_version', 'is', null)
    .groupBy(['s.element_id', 's.kind', 's.name', 's.lane', 's.position'])
    .orderBy('s.position')
    .execute();
  return rows.map((r) => ({
    elementId: r.element_id,
    kind: r.kind,
    name: r.name,
    lane: r.lane,
    pageCount: Number(r.page_count),
    lastEditedAt: r.last_edited_at ? new Date(r.last_edited_at as Date | string).toISOString() : null,
  }));
}
