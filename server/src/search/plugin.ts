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

/**
 * Search for the app: `app.searchService`, the indexer started with the app and stopped with it.
 * Change events wake the indexer at once; database triggers have already queued the pages
 * in the changing transaction (migration 0006).
 */
export const searchPlugin = fp<SearchPluginOptions>(
  async function search(app: FastifyInstance, opts) {
    const { backend, synonyms } = createSearchBackend(app.db, app.config, (message, err) => app.log.warn({ err }, message));
    const indexer = new SearchIndexer(app.db, backend, {
      ...(opts.indexer || {}),
      onError: (err, pageIds) => app.log.warn({ err, pageIds }, 'search indexing failed; will retry'),
    });
    app.decorate('searchService', { backend, indexer, synonyms });

    const wake = () => indexer.wake();
    app.events.on('page.changed', wake);
    app.events.on('space.changed', wake);

    if (opts.indexer !== false) {
      app.addHook('onReady', async () => {
        // Pages changed while no indexer ran (or before search existed) are queued again.
        await backend.queueStale();
        indexer.start();
      });
    }
    app.addHook('onClose', async () => {
      app.events.off('page.changed', wake);
      app.events.off('space.changed', wake);
      await indexer.stop();
      await backend.close?.();
    });
  },
  { name: 'search' },
);
