import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthDownSchema, HealthSchema } from '@stafette/api';
import { outboxBacklog } from '../search/outbox.ts';

export interface HealthOptions {
  searchBackend: () => string;
  /** Whether an external search service answers (absent: embedded, always available). */
  searchAvailable?: () => Promise<boolean>;
  /** Whether the shared Redis answers (absent: REDIS_URL unset, one instance). */
  redisAvailable?: () => boolean;
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
          'status "degraded" with HTTP 200 when only search is down (the wiki works, changes wait in the outbox) or the shared Redis does not answer (each instance serves its own clients); HTTP 503 when the database does not answer.',
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
      const degraded = searchState.searchAvailable === false || redis.redisAvailable === false;
      return { status: degraded ? ('degraded' as const) : ('ok' as const), database, search, ...searchState, ...redis };
    },
  );
};
