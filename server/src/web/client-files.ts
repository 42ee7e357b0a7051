import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Problem } from '../http/problem.ts';
import { sendProblem } from '../http/errors.ts';

/**
 * Serves the built client. Any other GET outside the API is a client route, answered with
 * index.html so deep links work after a reload.
 */
export async function clientFilesPlugin(app: FastifyInstance, options: { root: string }) {
  const index = path.join(options.root, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn(`No built client in ${options.root}; only the API is served.`);
    return;
  }
  await app.register(fastifyStatic, { root: options.root, wildcard: false, index: false, maxAge: '1h' });
  const html = fs.readFileSync(index);
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url.startsWith('/collab/')) {
      return sendProblem(reply, new Problem(404, 'not-found', 'Not found', `No route GET ${url}.`), request);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
