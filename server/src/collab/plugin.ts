import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PageSocketParams, SocketQuery } from '@stafette/api';
import { authoriseUpgrade, type Grant } from './access.ts';
import { CollabServer } from './collab-server.ts';

/**
 * The collaboration socket `/collab/:pageId` (y-websocket protocol) and `app.collab`.
 * The route is marked public for the auth plugin because it decides itself, before the
 * upgrade: a collaboration token in the query works as well as the cookie or a Bearer token.
 */
export const collabPlugin = fp(
  async function collab(app: FastifyInstance) {
    const server = new CollabServer(app, app.config.collab);
    app.decorate('collab', server);
    app.addHook('onClose', () => server.close());

    const grants = new WeakMap<FastifyRequest, Grant>();
    app.get<{ Params: { pageId: string }; Querystring: { token?: string } }>(
      '/collab/:pageId',
      {
        websocket: true,
        config: { public: true },
        schema: {
          // @fastify/websocket hides WebSocket routes from OpenAPI; the protocol is in README.md.
          tags: ['collaboration'],
          summary: 'Collaboration socket of a page (y-websocket protocol)',
          params: PageSocketParams,
          querystring: SocketQuery,
        },
        preValidation: async (request) => {
          grants.set(request, await authoriseUpgrade(app, request, request.params.pageId));
        },
      },
      (socket, request) => {
        const grant = grants.get(request);
        // Unreachable without a grant (the hook throws); refuse rather than trust.
        if (!grant) return socket.close(1008, 'not authorised');
        grants.delete(request);
        server.accept(socket, grant);
      },
    );
  },
  { name: 'collab' },
);
