import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { currentUser } from '../auth/auth.ts';
import { Body, IdParams, NoBody } from '../http/schema.ts';
import { type ReadAction, decideRead } from '../policy/knowledge.ts';
import { pageAccess } from '../policy/pages.ts';
import { refuse } from '../reviews/refuse.ts';
import { confirmRead, createReadRequest, readStatus } from './read-service.ts';

const tags = ['read-confirmations'];
const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });

const ReadStatusSchema = Type.Object({
  request: Type.Union([
    Type.Object({
      id: Id,
      note: Type.String(),
      createdAt: Time,
      requestedBy: Type.Union([Type.Object({ id: Id, displayName: Type.String() }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  confirmed: Type.Array(Type.Object({ userId: Id, displayName: Type.String(), confirmedAt: Time })),
  pending: Type.Array(Type.Object({ userId: Id, displayName: Type.String() })),
  callerPending: Type.Boolean({ description: 'The caller was asked and has not confirmed yet' }),
  canRequest: Type.Boolean(),
});

/**
 * Read confirmations: a space owner asks the space's members to confirm they read a page, the
 * members confirm, and the page shows who did and who has not yet. Permissions:
 * policy/knowledge.ts `decideRead`.
 */
export const readConfirmationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function authorise(request: FastifyRequest, pageId: string, action: ReadAction) {
    const user = currentUser(request);
    const access = await pageAccess(app.db, user, pageId);
    const archived = access.page?.archived ?? false;
    const decision = decideRead(access.level, archived, action);
    if (decision !== 'allow') refuse(decision, 'page');
    return { user, canRequest: decideRead(access.level, archived, 'request') === 'allow' };
  }

  const status = async (pageId: string, userId: string, canRequest: boolean) => ({ ...(await readStatus(app.db, pageId, userId)), canRequest });

  app.get(
    '/pages/:id/read-confirmations',
    { schema: { tags, summary: 'The newest read request of a page: who confirmed and who has not yet', params: IdParams, response: { 200: ReadStatusSchema } } },
    async (request) => {
      const { user, canRequest } = await authorise(request, request.params.id, 'view');
      return status(request.params.id, user.id, canRequest);
    },
  );

  app.post(
    '/pages/:id/read-requests',
    {
      schema: {
        tags,
        summary: 'Ask the members of the page’s space to confirm they read it (space owners)',
        description: 'The recipients are the active members of the space now, except the caller. A new request replaces the previous one on the page. 409 no-recipients when nobody is left to ask.',
        params: IdParams,
        body: Body({ note: Type.Optional(Type.String({ maxLength: 2000, description: 'What changed, shown with the request' })) }),
        response: { 201: ReadStatusSchema },
      },
    },
    async (request, reply) => {
      const { user, canRequest } = await authorise(request, request.params.id, 'request');
      await createReadRequest(app.db, request.params.id, request.body.note?.trim() ?? '', { actorId: user.id, ip: request.ip });
      return reply.status(201).send(await status(request.params.id, user.id, canRequest));
    },
  );

  app.post(
    '/pages/:id/read-confirmations',
    {
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
      const { user, canRequest } = await authorise(request, request.params.id, 'confirm');
      await confirmRead(app.db, request.params.id, { actorId: user.id, ip: request.ip });
      return status(request.params.id, user.id, canRequest);
    },
  );
};
