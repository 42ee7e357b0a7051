import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, PageVersionKind } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface NewVersion {
  pageId: string;
  kind: PageVersionKind;
  label: string | null;
  state: Uint8Array;
  ydocSnapshot: Uint8Array;
  text: string;
  restoredFrom?: string | null;
  createdBy: string | null;
}

export interface VersionSummary {
  id: string;
  pageId: string;
  number: number;
  kind: PageVersionKind;
  label: string | null;
  restoredFrom: string | null;
  createdAt: Date;
  createdBy: { id: string; displayName: string } | null;
}

/**
 * Locks a page's row for taking a version: versions of one page are numbered, and compared with
 * the newest one, one at a time. False when the page is gone.
 */
export async function lockPageVersions(trx: Transaction<DB>, pageId: string): Promise<boolean> {
  const page = await trx.selectFrom('pages').select('id').where('id', '=', pageId).forNoKeyUpdate().executeTakeFirst();
  return page !== undefined;
}

/** Stores a version with the next number of its page; call `lockPageVersions` first. */
export async function insertVersion(trx: Transaction<DB>, v: NewVersion): Promise<{ id: string; number: number; createdAt: Date }> {
  const { rows } = await sql<{ n: number }>`SELECT COALESCE(MAX(number), 0)::int + 1 AS n FROM page_versions WHERE page_id = ${v.pageId}`.execute(trx);
  const row = await trx
    .insertInto('page_versions')
    .values({
      page_id: v.pageId,
      number: rows[0]!.n,
      kind: v.kind,
      label: v.label,
      state: v.state,
      ydoc_snapshot: v.ydocSnapshot,
      text: v.text,
      restored_from: v.restoredFrom ?? null,
      created_by: v.createdBy,
    })
    .returning(['id', 'number', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, number: row.number, createdAt: row.created_at };
}

/** The newest version of a page: when it was taken and what it holds (to tell whether the document changed since). */
export async function latestVersion(db: Db, pageId: string): Promise<{ id: string; createdAt: Date; ydocSnapshot: Uint8Array } | null> {
  const row = await db
    .selectFrom('page_versions')
    .select(['id', 'created_at', 'ydoc_snapshot'])
    .where('page_id', '=', pageId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, createdAt: row.created_at, ydocSnapshot: row.ydoc_snapshot } : null;
}

function summaryQuery(db: Db) {
  return db
    .selectFrom('page_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.page_id', 'v.number', 'v.kind', 'v.label', 'v.restored_from', 'v.created_at', 'v.created_by', 'u.display_name']);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): VersionSummary {
  return {
    id: row.id,
    pageId: row.page_id,
    number: row.number,
    kind: row.kind,
    label: row.label,
    restoredFrom: row.restored_from,
    createdAt: row.created_at,
    createdBy: row.created_by && row.display_name !== null ? { id: row.created_by, displayName: row.display_name } : null,
  };
}

/** Versions of a page, newest first; `before` pages through older ones by number. */
export async function listVersions(db: Db, pageId: string, limit: number, before?: number): Promise<VersionSummary[]> {
  let query = summaryQuery(db).where('v.page_id', '=', pageId);
  if (before !== undefined) query = query.where('v.number', '<', before);
  const rows = await query.orderBy('v.number', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}

/** One version of a page with its stored state and text; null when it does not exist there. */
export async function getVersion(db: Db, pageId: string, versionId: string): Promise<(VersionSummary & { state: Uint8Array; text: string }) | null> {
  const row = await summaryQuery(db)
    .select(['v.state', 'v.text'])
    .where('v.page_id', '=', pageId)
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  return row ? { ...toSummary(row), state: row.state, text: row.text } : null;
}
