import { type Kysely, sql, type Transaction } from 'kysely';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DB } from '../db/schema.ts';

/** One stored row of a document's update log, its bundle unpacked. */
export interface StoredRow {
  seq: number;
  snapshot: boolean;
  updates: Uint8Array[];
}

/** Updates of one document to append as one row. */
export interface NewRow {
  documentId: string;
  updates: Uint8Array[];
}

/**
 * Where a document kind keeps its update log (a snapshot row plus the tail after it). Pages use
 * `page_updates`; other kinds (interviews) bring their own table so each keeps its own foreign
 * key and retention. The update log (group commit, ordering) stays the same for every kind.
 */
export interface DocumentStore {
  /** Every row of the document, in `seq` order. */
  rows(db: Kysely<DB>, documentId: string): Promise<StoredRow[]>;
  /** Appends rows in one statement; returns each written row's document id and seq. */
  insert(db: Kysely<DB> | Transaction<DB>, rows: NewRow[]): Promise<{ documentId: string; seq: number }[]>;
  /** Inside `trx`: deletes the rows up to `uptoSeq` and writes `snapshot` as a snapshot row; returns its seq. */
  compact(trx: Transaction<DB>, documentId: string, snapshot: Uint8Array, uptoSeq: number): Promise<number>;
}

/**
 * A row holds one update as it is, or several (what one flush wrote for one document) as
 * length-prefixed byte strings: one row per document and flush instead of one per keystroke.
 */
export function encodeBundle(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 1) return updates[0]!;
  const encoder = encoding.createEncoder();
  for (const update of updates) encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function decodeBundle(data: Uint8Array, count: number): Uint8Array[] {
  if (count === 1) return [data];
  const decoder = decoding.createDecoder(data);
  return Array.from({ length: count }, () => decoding.readVarUint8Array(decoder));
}

/**
 * Rows as array parameters (`unnest($1::uuid[], $2::bytea[], $3::int[])`): the statement text
 * and its parameter count stay the same however many rows a flush writes.
 */
export function rowArrays(rows: NewRow[]): [string[], Uint8Array[], number[]] {
  return [rows.map((r) => r.documentId), rows.map((r) => encodeBundle(r.updates)), rows.map((r) => r.updates.length)];
}

export const pageUpdatesStore: DocumentStore = {
  async rows(db, pageId) {
    const rows = await db.selectFrom('page_updates').select(['seq', 'snapshot', 'data', 'updates']).where('page_id', '=', pageId).orderBy('seq').execute();
    return rows.map((r) => ({ seq: r.seq, snapshot: r.snapshot, updates: decodeBundle(r.data, r.updates) }));
  },
  async insert(db, rows) {
    const [ids, datas, counts] = rowArrays(rows);
    const { rows: written } = await sql<{ documentId: string; seq: number }>`
      INSERT INTO page_updates (page_id, data, updates)
      SELECT * FROM unnest(${ids}::uuid[], ${datas}::bytea[], ${counts}::int[])
      RETURNING page_id AS "documentId", seq`.execute(db);
    return written;
  },
  async compact(trx, pageId, snapshot, uptoSeq) {
    await trx.deleteFrom('page_updates').where('page_id', '=', pageId).where('seq', '<=', uptoSeq).execute();
    const row = await trx.insertInto('page_updates').values({ page_id: pageId, data: snapshot, snapshot: true }).returning('seq').executeTakeFirstOrThrow();
    return row.seq;
  },
};
