import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';

export const healthRoutes: FastifyPluginAsyncTypebox<{ searchBackend: () => string }> = async (app, options) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and which backends are in use',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), search: Type.String() }),
          503: Type.Object({ status: Type.Literal('degraded'), database: Type.String(), search: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const database = app.database.kind;
      const search = options.searchBackend();
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database, search };
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database, search });
      }
    },
  );
};
