import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { BoundedPool, type PoolOutcome } from '../../workers/bounded-pool.ts';
import type { ExtractJob, ExtractResult } from './extract.ts';
import { textKindOf } from './kinds.ts';
import type { FileTextOptions } from './options.ts';

/**
 * Why a file's text is not searchable (attachment_texts.reason), shown on the file:
 * skipped: `encrypted`, `corrupt`, `too-large`, `empty` (no text, e.g. a scan), `no-text` (a
 * type without text: images, archives); failed: `timeout`, `memory`, `error`.
 */
export type TextReason = 'encrypted' | 'corrupt' | 'too-large' | 'empty' | 'no-text' | 'timeout' | 'memory' | 'error';

interface TextRow {
  status: 'ok' | 'skipped' | 'failed';
  reason: TextReason | null;
  text: string;
  truncated: boolean;
}

interface Pending {
  id: string;
  sha256: string;
  name: string;
  type: string;
  size: number;
}

/** The extraction worker could not take the file now (pool closing or full): try the page later. */
export class ExtractionUnavailableError extends Error {}

/**
 * Extracts and keeps the text of attachments (attachment_texts). The search indexer calls
 * `prepare` for the pages of each batch before it loads their documents: files added since
 * the last indexing are read from the store and extracted in a bounded worker, one at a time;
 * a file's outcome is kept per attachment and its bytes (sha256), so unchanged files are
 * never read again and a blob uploaded twice is extracted once.
 */
export class AttachmentTexts {
  private readonly pool: BoundedPool<ExtractJob, ExtractResult>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly open: (sha256: string) => Promise<Readable>,
    private readonly options: FileTextOptions,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.pool = new BoundedPool(
      new URL('./extract-worker.ts', import.meta.url),
      {
        name: 'text extraction',
        // One worker: extraction runs in the background and leaves the other core to requests.
        size: 1,
        hardTimeoutMs: options.timeoutMs,
        // Only the indexer sends jobs, one at a time; a worker's start-up counts as waiting.
        maxWaitMs: 60_000,
        maxQueue: 4,
        maxHeapMb: options.maxHeapMb,
      },
      log,
    );
  }

  /** Extracts the text of the live files of these pages that have none for their bytes yet. */
  async prepare(pageIds: readonly string[]): Promise<void> {
    if (pageIds.length === 0) return;
    const pending = await this.db
      .selectFrom('attachments as a')
      .leftJoin('attachment_texts as t', 't.attachment_id', 'a.id')
      .select(['a.id', 'a.sha256', 'a.name', 'a.type', 'a.size'])
      .where('a.page_id', 'in', [...pageIds])
      .where('a.deleted_at', 'is', null)
      .where((eb) => eb.or([eb('t.attachment_id', 'is', null), eb('t.sha256', '<>', eb.ref('a.sha256'))]))
      .orderBy('a.created_at')
      .execute();
    for (const file of pending) await this.#prepareOne({ ...file, size: Number(file.size) });
  }

  /**
   * Queues the pages of files without text for their bytes (added while no indexer ran, or
   * before text extraction existed); returns how many pages were queued.
   */
  async queueMissing(): Promise<number> {
    const result = await sql`
      INSERT INTO search_outbox (page_id)
      SELECT DISTINCT a.page_id FROM attachments a
        LEFT JOIN attachment_texts t ON t.attachment_id = a.id
      WHERE a.deleted_at IS NULL AND (t.attachment_id IS NULL OR t.sha256 <> a.sha256)
      ON CONFLICT (page_id) DO NOTHING`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async #prepareOne(file: Pending): Promise<void> {
    // The same bytes were read before (another upload of the blob): their outcome holds.
    const known = await this.db
      .selectFrom('attachment_texts')
      .select(['status', 'reason', 'text', 'truncated'])
      .where('sha256', '=', file.sha256)
      .where('status', '<>', 'failed')
      .limit(1)
      .executeTakeFirst();
    const row: TextRow = known ? { ...known, reason: known.reason as TextReason | null } : await this.#extract(file);
    if (row.status !== 'ok') this.log?.info({ attachmentId: file.id, status: row.status, reason: row.reason }, 'attachment text not searchable');
    await this.db
      .insertInto('attachment_texts')
      .values({ attachment_id: file.id, sha256: file.sha256, status: row.status, reason: row.reason, text: row.text, truncated: row.truncated })
      .onConflict((oc) =>
        oc.column('attachment_id').doUpdateSet((eb) => ({
          sha256: eb.ref('excluded.sha256'),
          status: eb.ref('excluded.status'),
          reason: eb.ref('excluded.reason'),
          text: eb.ref('excluded.text'),
          truncated: eb.ref('excluded.truncated'),
          extracted_at: sql`now()`,
        })),
      )
      .execute();
  }

  async #extract(file: Pending): Promise<TextRow> {
    const kind = textKindOf(file.type, file.name);
    if (typeof kind !== 'string') return skipped(kind.skip);
    if (file.size > this.options.maxBytes) return skipped('too-large');
    const bytes = await readAll(await this.open(file.sha256), this.options.maxBytes);
    if (bytes === null) return skipped('too-large');
    return fromOutcome(await this.pool.run({ kind, bytes, maxChars: this.options.maxChars }));
  }
}

function skipped(reason: TextReason): TextRow {
  return { status: 'skipped', reason, text: '', truncated: false };
}

function failed(reason: TextReason): TextRow {
  return { status: 'failed', reason, text: '', truncated: false };
}

function fromOutcome(outcome: PoolOutcome<ExtractResult>): TextRow {
  if (outcome.ok) {
    const result = outcome.value;
    return result.status === 'ok' ? { status: 'ok', reason: null, text: result.text, truncated: result.truncated } : skipped(result.reason);
  }
  switch (outcome.reason) {
    case 'timeout':
      return failed('timeout');
    case 'crashed':
      return failed('memory');
    case 'error':
      return failed('error');
    case 'busy':
    case 'closed':
      throw new ExtractionUnavailableError(`text extraction unavailable: ${outcome.detail}`);
  }
}

/** The stream's bytes, or null past `maxBytes` (the stored size was wrong). */
async function readAll(stream: Readable, maxBytes: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
