import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerAsPublic } from '../auth/plugin.ts';
import { webClientPolicy } from './security-headers.ts';

/** OpenAPI 3 description of every route, at /api/docs/json and browsable at /api/docs. */
export const openapiPlugin = fp(async function openapi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stafette API',
        version: '1',
        description:
          'Collaborative knowledge wiki for public administrations. Errors are application/problem+json (RFC 9457). ' +
          'Cookie-authenticated state changes need the x-csrf-token header; Bearer tokens do not.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'stafette_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  // The description is public by its registration (the auth hook refuses unmarked routes).
  await app.register(async (docs) => {
    registerAsPublic(docs);
    // Swagger UI's bundle injects a <style> element: only these pages, which show nothing but our
    // own OpenAPI description, allow inline styles. Scripts stay 'self' only.
    const policy = webClientPolicy(app.config.frameAncestors, { inlineStyles: true });
    docs.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', policy);
    });
    // No badge from validator.swagger.io: the policy admits images from our origin only. Tags
    // start collapsed: Swagger UI 5 stops listing operations after about 130 expanded ones.
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null, docExpansion: 'none' } });
  });
});
