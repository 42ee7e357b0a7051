import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** One stored row of a document's update log. */
export interface StoredUpdate {
  seq: number;
  snapshot: boolean;
  data: Uint8Array;
}

/**
 * Where a document kind keeps its update log (a snapshot row plus the tail after it). Pages use
 * `page_updates`; other kinds (interviews) bring their own table so each keeps its own foreign
 * key and retention. The update log (group commit, ordering) stays the same for every kind.
 */
export interface DocumentStore {
  /** Every row of the document, in `seq` order. */
  rows(db: Kysely<DB>, documentId: string): Promise<StoredUpdate[]>;
  /** Appends rows; returns each written row's document id and seq. */
  insert(db: Kysely<DB> | Transaction<DB>, rows: { documentId: string; data: Uint8Array }[]): Promise<{ documentId: string; seq: number }[]>;
  /** Inside `trx`: deletes the rows up to `uptoSeq` and writes `snapshot` as a snapshot row; returns its seq. */
  compact(trx: Transaction<DB>, documentId: string, snapshot: Uint8Array, uptoSeq: number): Promise<number>;
}

export const pageUpdatesStore: DocumentStore = {
  rows: (db, pageId) =>
    db.selectFrom('page_updates').select(['seq', 'snapshot', 'data']).where('page_id', '=', pageId).orderBy('seq').execute(),
  async insert(db, rows) {
    const { rows: written } = await sql<{ documentId: string; seq: number }>`
      INSERT INTO page_updates (page_id, data)
      SELECT * FROM unnest(${documentIds(rows)}::uuid[], ${datas(rows)}::bytea[])
      RETURNING page_id AS "documentId", seq`.execute(db);
    return written;
  },
  async compact(trx, pageId, snapshot, uptoSeq) {
    await trx.deleteFrom('page_updates').where('page_id', '=', pageId).where('seq', '<=', uptoSeq).execute();
    const row = await trx.insertInto('page_updates').values({ page_id: pageId, data: snapshot, snapshot: true }).returning('seq').executeTakeFirstOrThrow();
    return row.seq;
  },
};

/**
 * Rows as two array parameters (`unnest($1::uuid[], $2::bytea[])`): the statement text and its
 * parameter count stay the same however many rows a flush writes.
 */
export const documentIds = (rows: { documentId: string }[]): string[] => rows.map((r) => r.documentId);
export const datas = (rows: { data: Uint8Array }[]): Uint8Array[] => rows.map((r) => r.data);
