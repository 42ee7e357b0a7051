import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { referencedByContent } from './attachments-queries.ts';
import type { FileStore } from './store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The retention sweep. A blob is referenced while one of its attachments is live (not deleted)
 * or still pointed at by its page's body or a version. The sweep marks blobs that stopped being
 * referenced (`unreferenced_since`), clears the mark of those referenced again (a version was
 * restored), and removes the ones marked at least `retentionDays` ago: never earlier.
 */
export async function sweepFiles(
  db: Kysely<DB>,
  store: FileStore,
  options: { retentionDays: number; now?: Date },
): Promise<{ marked: number; removed: string[] }> {
  const now = options.now ?? new Date();
  const referenced = (sha: ReturnType<typeof sql.ref>) => sql<boolean>`EXISTS (
    SELECT 1 FROM attachments a WHERE a.sha256 = ${sha}
      AND (a.deleted_at IS NULL OR ${referencedByContent(sql.ref('a.id'), sql.ref('a.page_id'))}))`;

  await db
    .updateTable('file_blobs')
    .set({ unreferenced_since: null })
    .where('unreferenced_since', 'is not', null)
    .where(referenced(sql.ref('file_blobs.sha256')))
    .execute();
  const marked = await db
    .updateTable('file_blobs')
    .set({ unreferenced_since: now })
    .where('unreferenced_since', 'is', null)
    .where(sql<boolean>`NOT ${referenced(sql.ref('file_blobs.sha256'))}`)
    .executeTakeFirst();

  const due = await db
    .selectFrom('file_blobs')
    .select('sha256')
    .where('unreferenced_since', '<=', new Date(now.getTime() - options.retentionDays * DAY_MS))
    .execute();
  const removed: string[] = [];
  for (const { sha256 } of due) {
    const gone = await db.transaction().execute(async (trx) => {
      // Locked like an upload of the same bytes locks it: one of the two waits for the other.
      const blob = await trx.selectFrom('file_blobs').select(['unreferenced_since', 'size']).where('sha256', '=', sha256).forUpdate().executeTakeFirst();
      if (!blob?.unreferenced_since) return false;
      const stillReferenced = await trx
        .selectNoFrom(referenced(sql.val(sha256)).as('referenced'))
        .executeTakeFirstOrThrow();
      if (stillReferenced.referenced) {
        await trx.updateTable('file_blobs').set({ unreferenced_since: null }).where('sha256', '=', sha256).execute();
        return false;
      }
      const rows = await trx.deleteFrom('attachments').where('sha256', '=', sha256).returning(['id', 'page_id', 'name']).execute();
      await trx.deleteFrom('file_blobs').where('sha256', '=', sha256).execute();
      await store.remove(sha256);
      await recordAudit(trx, {
        actorId: null,
        ip: null,
        action: 'file.purge',
        targetType: 'file',
        targetId: null,
        detail: { sha256, size: Number(blob.size), unreferencedSince: blob.unreferenced_since.toISOString(), attachments: rows },
      });
      return true;
    });
    if (gone) removed.push(sha256);
  }
  return { marked: Number(marked.numUpdatedRows), removed };
}
