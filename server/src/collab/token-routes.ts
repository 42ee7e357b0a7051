import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CollabTokenSchema, IdParams, OptionalNoBody, ProblemSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { pageAccess } from '../policy/pages.ts';
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
      const user = currentUser(request);
      const access = await pageAccess(app.db, user, request.params.id);
      if (access.level === 'none' || !access.page) throw notFound('page');
      const { token, expiresAt } = await createCollabToken(app.db, user.id, access.page.id, app.collab.options.tokenTtlSeconds);
      return reply.status(201).send({
        token,
        expiresAt: expiresAt.toISOString(),
        url: `/collab/${access.page.id}?token=${encodeURIComponent(token)}`,
      });
    },
  );
};
