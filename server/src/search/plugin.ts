import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { SearchBackend } from './backend.ts';
import { SearchIndexer } from './indexer.ts';
import { createSearchBackend } from './create-backend.ts';
import type { SynonymStore } from './synonyms.ts';

export interface SearchService {
  backend: SearchBackend;
  indexer: SearchIndexer;
  synonyms: SynonymStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The configured search backend, its outbox indexer and the synonym list. */
    searchService: SearchService;
  }
}

export interface SearchPluginOptions {
  /** Tests and the benchmark pass their own indexer settings, or `false` to drive it by hand. */
  indexer?: { pollMs?: number; batchSize?: number } | false;
}

/** Requests that cannot change what search shows. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Search for the app: `app.searchService`, the indexer started with the app and stopped with it.
 * Database triggers queue every change in the changing transaction (migration 0006); the
 * indexer polls for them, and is woken at once after each successful write request, when
 * whatever that request changed has committed. See README.md in this folder.
 */
export const searchPlugin = fp<SearchPluginOptions>(
  async function search(app: FastifyInstance, opts) {
    const { backend, synonyms } = createSearchBackend(app.db, app.config, (message, err) => app.log.warn({ err }, message));
    const indexer = new SearchIndexer(app.db, backend, {
      aloneOnDatabase: app.database.kind === 'pglite',
      ...(opts.indexer || {}),
      onError: (err, pageIds) => app.log.warn({ err, pageIds }, 'search indexing failed; will retry'),
    });
    app.decorate('searchService', { backend, indexer, synonyms });

    // onResponse runs after the reply was sent, so the handler's transaction has committed.
    // Any write may touch what search shows (titles, bodies, steps, spaces): no route has to
    // know about search, and a write that changed nothing searchable costs one empty lookup.
    app.addHook('onResponse', async (request, reply) => {
      if (!READS.has(request.method) && reply.statusCode < 400) indexer.wake();
    });

    if (opts.indexer !== false) {
      app.addHook('onReady', async () => {
        // Pages changed while no indexer ran (or before search existed) are queued again.
        await backend.queueStale();
        indexer.start();
      });
    }
    app.addHook('onClose', async () => {
      await indexer.stop();
      await backend.close?.();
    });
  },
  { name: 'search' },
);
