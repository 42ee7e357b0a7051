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
  /** Inside `trx`: deletes the rows `seqs` (those folded into `snapshot`) and writes `snapshot` as a snapshot row; returns its seq. */
  compact(trx: Transaction<DB>, documentId: string, snapshot: Uint8Array, seqs: number[]): Promise<number>;
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

/** An update-log table and the column naming its document. */
export type LogTable = { table: 'page_updates'; idColumn: 'page_id' } | { table: 'interview_updates'; idColumn: 'interview_id' };

/** Every row of a document in `seq` order, bundles unpacked. */
export async function readLogRows(db: Kysely<DB>, { table, idColumn }: LogTable, documentId: string): Promise<StoredRow[]> {
  const { rows } = await sql<{ seq: number; snapshot: boolean; data: Uint8Array; updates: number }>`
    SELECT seq, snapshot, data, updates FROM ${sql.table(table)} WHERE ${sql.ref(idColumn)} = ${documentId} ORDER BY seq`.execute(db);
  return rows.map((r) => ({ seq: r.seq, snapshot: r.snapshot, updates: decodeBundle(r.data, r.updates) }));
}

/**
 * Appends rows in one statement with array parameters (`unnest($1::uuid[], $2::bytea[],
 * $3::int[])`): its text and parameter count stay the same however many rows a flush writes.
 */
export async function insertLogRows(db: Kysely<DB>, { table, idColumn }: LogTable, rows: NewRow[]): Promise<{ documentId: string; seq: number }[]> {
  const { rows: written } = await sql<{ documentId: string; seq: number }>`
    INSERT INTO ${sql.table(table)} (${sql.ref(idColumn)}, data, updates)
    SELECT * FROM unnest(${rows.map((r) => r.documentId)}::uuid[], ${rows.map((r) => encodeBundle(r.updates))}::bytea[], ${rows.map((r) => r.updates.length)}::int[])
    RETURNING ${sql.ref(idColumn)} AS "documentId", seq`.execute(db);
  return written;
}

/**
 * Inside `trx`: deletes the rows `seqs` of a document, the ones folded into `snapshot`, and
 * writes `snapshot` as a snapshot row; returns its seq.
 *
 * Exactly those rows, never "every row up to a seq": seqs come from one sequence for all
 * writers, and during a rolling deploy two processes append to the same document, so rows of
 * the other process (which this snapshot does not hold) interleave with this one's. Compactions
 * of one document take turns across processes on a transaction-scoped advisory lock (released
 * at commit or rollback); appends never wait for it.
 */
export async function replaceWithSnapshot(trx: Transaction<DB>, log: LogTable, documentId: string, snapshot: Uint8Array, seqs: number[]): Promise<number> {
  const { table, idColumn } = log;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${table}:${documentId}`}::text, 0))`.execute(trx);
  await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(idColumn)} = ${documentId} AND seq = ANY(${seqs}::bigint[])`.execute(trx);
  return insertSnapshot(trx, log, documentId, snapshot);
}

/** Writes `snapshot` as a snapshot row of the document; returns its seq. */
export async function insertSnapshot(db: Kysely<DB> | Transaction<DB>, { table, idColumn }: LogTable, documentId: string, snapshot: Uint8Array): Promise<number> {
  const { rows } = await sql<{ seq: number }>`
    INSERT INTO ${sql.table(table)} (${sql.ref(idColumn)}, data, snapshot) VALUES (${documentId}, ${snapshot}, true) RETURNING seq`.execute(db);
  return rows[0]!.seq;
}

export const pageLog: LogTable = { table: 'page_updates', idColumn: 'page_id' };

export const pageUpdatesStore: DocumentStore = {
  rows: (db, pageId) => readLogRows(db, pageLog, pageId),
  insert: (db, rows) => insertLogRows(db, pageLog, rows),
  compact: (trx, pageId, snapshot, seqs) => replaceWithSnapshot(trx, pageLog, pageId, snapshot, seqs),
};
