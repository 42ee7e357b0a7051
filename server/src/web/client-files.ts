import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Problem } from '../http/problem.ts';
import { sendProblem } from '../http/errors.ts';
import { registerAsPublic } from '../auth/plugin.ts';
import { webClientPolicy } from '../http/security-headers.ts';

/**
 * CSP hashes (`sha256-…`) of the inline scripts in the built index.html, so a build that adds one
 * keeps working under `script-src 'self'` without admitting any other inline script.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes!))
    .map(([, , body]) => `sha256-${createHash('sha256').update(body!, 'utf8').digest('base64')}`);
}

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
  const html = fs.readFileSync(index);
  // index.html, its assets and the service worker (whose fetches it governs) share one policy.
  const policy = webClientPolicy(app.config.frameAncestors, { scriptHashes: inlineScriptHashes(html.toString('utf8')) });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', policy);
  });
  await app.register(fastifyStatic, { root: options.root, wildcard: false, index: false, maxAge: '1h' });
  app.get<{ Params: { '*': string } }>('/*', { schema: { hide: true } }, async (request, reply) => {
    // The path as the router decoded it (`/%61pi/...` is `/api/...`), not the raw URL.
    const routePath = `/${request.params['*']}`;
    if (/^\/+(api|collab)(\/|$)/i.test(routePath)) {
      return sendProblem(reply, new Problem(404, 'not-found', 'Not found', `No route GET ${routePath}.`), request);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
