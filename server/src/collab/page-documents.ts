import type { Transaction } from 'kysely';
import { jsonToYUpdate, type PMNodeJSON } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { CloseCode } from './close-codes.ts';
import { RejectedUpdateError } from './collab-server.ts';
import { insertSnapshot, pageLog } from './document-store.ts';
import { pageKind } from './page-kind.ts';
import { checkUpdate } from './validate-update.ts';

/**
 * Writes the body of a page created in `trx` (Markdown import, interview publication, and every
 * later way to create a page with content): the first row of the page's update log, a snapshot
 * as compaction writes it. This is the only write into `page_updates` outside the
 * collaboration server; edits of existing pages go through `app.collab` (`changeDocument`),
 * which stores them in order with live edits and relays them to connected editors.
 *
 * In the page's transaction, so a page never exists without its body. No collaborative
 * document can be open for a page that did not exist before this transaction.
 *
 * `body` is ProseMirror JSON (validated by the caller, see `validateDocJSON`) or a Yjs update
 * encoded from it beforehand (large documents encoded outside the transaction hold no lock);
 * the update is checked like a client's (decodes, writes only the page body) before it is
 * stored. Throws `RejectedUpdateError` when it does not pass.
 */
export async function writeNewPageBody(trx: Transaction<DB>, pageId: string, body: PMNodeJSON | Uint8Array): Promise<void> {
  const update = body instanceof Uint8Array ? body : jsonToYUpdate(body);
  const verdict = checkUpdate(update, new Map(), pageKind);
  if (!verdict.ok) throw new RejectedUpdateError(CloseCode.invalidUpdate, verdict.reason);
  await insertSnapshot(trx, pageLog, pageId, update);
}
