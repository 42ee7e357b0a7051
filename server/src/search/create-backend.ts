import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { SearchBackend } from './backend.ts';
import { MeilisearchSearchBackend } from './meilisearch/backend.ts';
import { PostgresSearchBackend } from './postgres/backend.ts';
import { SynonymStore } from './synonyms.ts';

type BackendConfig = Pick<Config, 'meilisearchUrl' | 'meilisearchKey' | 'meilisearchIndex'>;

/**
 * The configured search backend; the one place that chooses it (app and CLI). Meilisearch when
 * MEILISEARCH_URL and MEILISEARCH_KEY are set, else the embedded PostgreSQL backend. A URL
 * without a key is refused: a production Meilisearch always has a master key, and silently
 * falling back would index into the wrong place.
 */
export function createSearchBackend(
  db: Kysely<DB>,
  config: BackendConfig,
  log?: (message: string, err?: unknown) => void,
): { backend: SearchBackend & { queueStale(): Promise<number> }; synonyms: SynonymStore } {
  const synonyms = new SynonymStore(db);
  if (config.meilisearchUrl) {
    if (!config.meilisearchKey) throw new Error('MEILISEARCH_URL is set but MEILISEARCH_KEY is not: set both to use Meilisearch, or neither.');
    const backend = new MeilisearchSearchBackend(db, synonyms, {
      url: config.meilisearchUrl,
      key: config.meilisearchKey,
      indexUid: config.meilisearchIndex,
      ...(log ? { log } : {}),
    });
    return { backend, synonyms };
  }
  return { backend: new PostgresSearchBackend(db, synonyms), synonyms };
}
