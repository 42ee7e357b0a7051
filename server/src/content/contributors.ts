import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Trx = Transaction<DB> | Kysely<DB>;

/**
 * Counts an edit of `pageId` for each user (who wrote a page feeds the knowledge-at-risk view).
 * One edit is one settled change: a burst of typing (the collaboration server's debounced
 * change) or one REST content change, not one keystroke.
 */
export async function recordContributions(trx: Trx, pageId: string, userIds: Iterable<string>, at = new Date()): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  // Users or a page deleted meanwhile are skipped rather than failing the derivation.
  await sql`
    INSERT INTO page_contributors (page_id, user_id, first_edited_at, last_edited_at, edit_count)
    SELECT ${pageId}::uuid, u.id, ${at}, ${at}, 1 FROM users u
    WHERE u.id = ANY(${sql.val(ids)}::uuid[]) AND EXISTS (SELECT 1 FROM pages WHERE id = ${pageId}::uuid)
    ON CONFLICT (page_id, user_id) DO UPDATE
      SET last_edited_at = GREATEST(page_contributors.last_edited_at, EXCLUDED.last_edited_at),
          edit_count = page_contributors.edit_count + 1`.execute(trx);
}
