import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { recordContributions } from './contributors.ts';
import type { DerivedContent } from './derive.ts';
import type { ContentOptions } from './options.ts';
import { writeDerivedContent } from './derived-store.ts';
import { KeyedSerial } from './keyed-serial.ts';

export interface RefreshOptions {
  /** Users whose edits the content holds: counted as contributors, the last one as `updated_by`. */
  editors?: readonly string[];
  /** More work in the same transaction (the audit entry of a REST change). */
  inTransaction?: (trx: Transaction<DB>, changed: boolean) => Promise<void>;
}

/**
 * Keeps the derived content of pages (row doc, text, headings, links, search queue) in step
 * with their documents. Work on one page runs one task at a time and reads the document when
 * its turn comes, so a slow earlier write can never overwrite a newer one.
 */
export class ContentDeriver {
  private readonly queues = new KeyedSerial();

  constructor(
    private readonly app: FastifyInstance,
    readonly options: ContentOptions,
  ) {}

  /**
   * Derives with `read` (called when this page's turn comes) and writes the result, the search
   * queue entry and contributors in one transaction. Resolves with the written content.
   */
  refresh(pageId: string, read: () => DerivedContent | Promise<DerivedContent>, options: RefreshOptions = {}): Promise<DerivedContent> {
    return this.queues.run(pageId, async () => {
      const derived = await read();
      await this.app.db.transaction().execute(async (trx) => {
        const at = new Date();
        const changed = await writeDerivedContent(trx, pageId, derived, at);
        const editors = options.editors ?? [];
        if (changed && editors.length > 0) {
          await trx.updateTable('pages').set({ updated_at: at, updated_by: editors[editors.length - 1]! }).where('id', '=', pageId).execute();
        }
        await recordContributions(trx, pageId, editors, at);
        await options.inTransaction?.(trx, changed);
      });
      return derived;
    });
  }

  /** Resolves when every task queued so far for every page finished (shutdown, tests). */
  idle(): Promise<void> {
    return this.queues.idle();
  }
}
