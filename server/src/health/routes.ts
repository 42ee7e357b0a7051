import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthDownSchema, HealthSchema } from '@stafette/api';
import { outboxBacklog } from '../search/outbox.ts';
import { storageFull } from './storage.ts';

export interface HealthOptions {
  searchBackend: () => string;
  /** Whether an external search service answers (absent: embedded, always available). */
  searchAvailable?: () => Promise<boolean>;
  /** Whether the shared Redis answers (absent: REDIS_URL unset, one instance). */
  redisAvailable?: () => boolean;
  /** The data directory (PGlite, stored files): a full disk there is reported. */
  dataDir?: string;
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, options) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and which backends are in use',
        description:
          'status "degraded" with HTTP 200 when only search is down (the wiki works, changes wait in the outbox), the shared Redis does not answer (each instance serves its own clients) ' +
          'or the disk under the data directory is full (`storageFull`: reads go on, writes are refused with 507 storage-full); HTTP 503 when the database does not answer.',
        response: {
          200: HealthSchema,
          503: HealthDownSchema,
        },
      },
    },
    async (_request, reply) => {
      const database = app.database.kind;
      const search = options.searchBackend();
      let backlog: number;
      try {
        backlog = await outboxBacklog(app.db);
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database, search });
      }
      const redis = options.redisAvailable ? { redisAvailable: options.redisAvailable() } : {};
      const searchState = options.searchAvailable ? { searchAvailable: await options.searchAvailable(), searchBacklog: backlog } : {};
      // Said only while it is so: a healthy answer stays as short as it was.
      const storage = options.dataDir && (await storageFull(options.dataDir)) ? { storageFull: true as const } : {};
      const degraded = searchState.searchAvailable === false || redis.redisAvailable === false || 'storageFull' in storage;
      return { status: degraded ? ('degraded' as const) : ('ok' as const), database, search, ...searchState, ...redis, ...storage };
    },
  );
};
