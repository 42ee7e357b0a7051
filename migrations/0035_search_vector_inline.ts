import { type Kysely, sql } from 'kysely';

/**
 * Search III speed (issue 28): a page's text vector stays in its row (storage MAIN) instead of
 * being moved out to the TOAST table once the row passes 2 kB. Every search reads the vectors of
 * its candidates (a frequent word's pick tests them one by one, ranking reads them again); out of
 * line each read was a look-up in the TOAST index and its chunks: at 100,000 pages reading 3,000
 * vectors took 7.6–8.1 ms out of line and 2.2 ms in the row, a frequent word's pick of 500 pages
 * 3.7–4.0 and 1.9 ms. The bodies and other large columns still go out first; a vector too large
 * for a page still goes out as a last resort. Rows already stored move on their next index write,
 * all of them with `pnpm stafette reindex` (rewriting every row here would leave as many dead
 * rows in front of the live ones until a vacuum, which slows the same scans).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_documents ALTER COLUMN tsv SET STORAGE MAIN`.execute(db);
}
