import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CollabTokenSchema, IdParams, OptionalNoBody, ProblemSchema } from '@stafette/api';
import { grantOf } from '../policy/route-access.ts';
import { createCollabToken } from './collab-tokens.ts';

/** `POST /pages/:id/collab-token`: a short-lived token for `/collab/:id?token=…`. */
export const collabTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/pages/:id/collab-token',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags: ['collaboration'],
        summary: 'Issue a short-lived token that opens the collaboration socket of a page',
        params: IdParams,
        body: OptionalNoBody,
        response: {
          201: CollabTokenSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      // Readers get a token too: the socket itself decides whether they may write.
      const { user, page } = grantOf(request, 'page');
      const { token, expiresAt } = await createCollabToken(app.db, user.id, page.id, app.config.collab.tokenTtlSeconds);
      return reply.status(201).send({
        token,
        expiresAt: expiresAt.toISOString(),
        url: `/collab/${page.id}?token=${encodeURIComponent(token)}`,
      });
    },
  );
};
