import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { PostgresSearchBackend } from './postgres/backend.ts';
import { SynonymStore } from './synonyms.ts';

/** The configured search backend; the one place that chooses it (app and CLI). */
export function createSearchBackend(db: Kysely<DB>): { backend: PostgresSearchBackend; synonyms: SynonymStore } {
  const synonyms = new SynonymStore(db);
  return { backend: new PostgresSearchBackend(db, synonyms), synonyms };
}
