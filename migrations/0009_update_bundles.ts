import { type Kysely, sql } from 'kysely';

/**
 * Update bundles: a row of an update log may hold several Yjs updates, all of one page written
 * by one flush (server/src/collab/document-store.ts). Per row PostgreSQL checks the foreign key,
 * writes a tuple header and an index entry; for updates of ~25 bytes typed one key at a time that
 * was most of the work of storing them. `updates` says how many a row holds: 1 means `data` is
 * the update itself (every row written before this migration), more means `data` is their
 * concatenation as length-prefixed byte strings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE page_updates ADD COLUMN updates integer NOT NULL DEFAULT 1 CHECK (updates >= 1)`.execute(db);
  await sql`ALTER TABLE interview_updates ADD COLUMN updates integer NOT NULL DEFAULT 1 CHECK (updates >= 1)`.execute(db);
}
