import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { assertOriginAllowed } from './access.ts';
import { CollabServer } from './collab-server.ts';
import type { DocumentKind, Grant } from './document-kind.ts';
import { UserBudget } from './user-budget.ts';
import { warmUpEditPath } from './warm-up.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every user's collaboration budget over all document kinds (user-budget.ts); shared through Redis by server/src/cluster. */
    collabBudget: UserBudget;
  }
}

export interface CollabPluginOptions {
  /** The document kinds to serve (see document-kind.ts), e.g. `[pageKind, interviewKind]`. */
  kinds: DocumentKind[];
}

/**
 * The collaboration sockets (y-websocket protocol) of every document kind, one route and one
 * `CollabServer` each, decorated as the kind says (`app.collab` for pages). The routes are
 * marked public for the auth plugin because they decide themselves, before the upgrade: the
 * Origin, then the kind's `authorise` (pages also take a collaboration token in the query).
 */
export const collabPlugin = fp<CollabPluginOptions>(
  async function collab(app: FastifyInstance, { kinds }) {
    // One budget per user for pages and interviews together.
    const budget = new UserBudget(app.config.collab);
    app.decorate('collabBudget', budget);
    app.addHook('onClose', () => budget.close());
    for (const kind of kinds) {
      const server = new CollabServer(app, app.config.collab, kind, budget);
      app.decorate(kind.decorator, server);
      app.addHook('onClose', () => server.close());
      registerSocketRoute(app, kind, server);
    }
    // Once listening, before clients come: the first editing burst after a start runs optimised
    // code. Apps that never listen (tests through `inject`) serve no sockets and skip it.
    app.addHook('onListen', async () => {
      const started = performance.now();
      warmUpEditPath();
      app.log.debug({ ms: Math.round(performance.now() - started) }, 'collab: edit path warmed up');
    });
  },
  { name: 'collab' },
);

function registerSocketRoute(app: FastifyInstance, kind: DocumentKind, server: CollabServer): void {
  const grants = new WeakMap<FastifyRequest, Grant>();
  app.get<{ Params: Record<string, string> }>(
    kind.path,
    {
      websocket: true,
      config: { public: true },
      schema: {
        // @fastify/websocket hides WebSocket routes from OpenAPI; the protocol is in README.md.
        tags: ['collaboration'],
        summary: kind.summary,
        params: kind.params,
        ...(kind.querystring ? { querystring: kind.querystring } : {}),
      },
      preValidation: async (request) => {
        // Read first: an access event from here on makes the socket check again before it joins.
        const accessVersion = server.accessVersion;
        assertOriginAllowed(app, request);
        const documentId = request.params[kind.idParam]!;
        grants.set(request, { ...(await kind.authorise(app, request, documentId)), documentId, accessVersion });
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
}
