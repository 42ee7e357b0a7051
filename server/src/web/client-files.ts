import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Problem } from '../http/problem.ts';
import { sendProblem } from '../http/errors.ts';
import { registerAsPublic } from '../auth/plugin.ts';

/**
 * Serves the built client. Any other GET outside the API is a client route, answered with
 * index.html so deep links work after a reload. Every route here is public by its registration.
 */
export async function clientFilesPlugin(app: FastifyInstance, options: { root: string }) {
  const index = path.join(options.root, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn(`No built client in ${options.root}; only the API is served.`);
    return;
  }
  registerAsPublic(app);
  await app.register(fastifyStatic, { root: options.root, wildcard: false, index: false, maxAge: '1h' });
  const html = fs.readFileSync(index);
  app.get<{ Params: { '*': string } }>('/*', { schema: { hide: true } }, async (request, reply) => {
    // The path as the router decoded it (`/%61pi/...` is `/api/...`), not the raw URL.
    const routePath = `/${request.params['*']}`;
    if (/^\/+(api|collab)(\/|$)/i.test(routePath)) {
      return sendProblem(reply, new Problem(404, 'not-found', 'Not found', `No route GET ${routePath}.`), request);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
