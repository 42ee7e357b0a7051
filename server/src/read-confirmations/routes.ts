import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { IdParams, NoBody, ReadRequestBody, ReadStatusSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { decideRead } from '../policy/knowledge.ts';
import { grantOf } from '../policy/route-access.ts';
import { confirmRead, createReadRequest, readStatus } from './read-service.ts';

const tags = ['read-confirmations'];

/**
 * Read confirmations: a space owner asks the space's members to confirm they read a page, the
 * members confirm, and the page shows who did and who has not yet. Permissions:
 * policy/knowledge.ts `decideRead`.
 */
export const readConfirmationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The read status of the route's page as the caller sees it. */
  async function status(request: FastifyRequest) {
    const { user, level, page } = grantOf(request, 'page');
    return { ...(await readStatus(app.db, page.id, user.id)), canRequest: decideRead(level, page.archived, 'request') === 'allow' };
  }

  app.get(
    '/pages/:id/read-confirmations',
    {
      config: { access: { resource: 'page', action: 'reads.view' } },
      schema: { tags, summary: 'The newest read request of a page: who confirmed and who has not yet', params: IdParams, response: { 200: ReadStatusSchema } },
    },
    async (request) => status(request),
  );

  app.post(
    '/pages/:id/read-requests',
    {
      config: { access: { resource: 'page', action: 'reads.request' } },
      schema: {
        tags,
        summary: 'Ask the members of the page’s space to confirm they read it (space owners)',
        description: 'The recipients are the active members of the space now, except the caller. A new request replaces the previous one on the page. 409 no-recipients when nobody is left to ask.',
        params: IdParams,
        body: ReadRequestBody,
        response: { 201: ReadStatusSchema },
      },
    },
    async (request, reply) => {
      await createReadRequest(app.db, request.params.id, request.body.note?.trim() ?? '', actorOf(request));
      return reply.status(201).send(await status(request));
    },
  );

  app.post(
    '/pages/:id/read-confirmations',
    {
      config: { access: { resource: 'page', action: 'reads.confirm' } },
      schema: {
        tags,
        summary: 'Confirm having read the page (members asked by the newest read request)',
        description: '409 no-read-request when nobody asked, 409 not-asked when the caller was not among the recipients. Confirming twice is harmless.',
        params: IdParams,
        body: NoBody,
        response: { 200: ReadStatusSchema },
      },
    },
    async (request) => {
      await confirmRead(app.db, request.params.id, actorOf(request));
      return status(request);
    },
  );
};
