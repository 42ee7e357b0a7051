import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { checkEarlyAccess, checkRouteAccess } from './route-access.ts';

/** API routes must declare who may call them; the client's files and the API description need not. */
const isApiRoute = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs');

/**
 * The one access check of the REST API. Runs before every handler, after authentication (the
 * auth plugin refuses anonymous callers of non-public routes) and validation: it checks the
 * route's `config.access` and puts the grants on `request.grants`. An API route that declares
 * neither `public` nor `access` fails closed with a 500 instead of running unchecked. Checks
 * marked `early` also run as the request arrives (after authentication, before the body is
 * read), so uploads refuse strangers before they send their file.
 */
export const accessHookPlugin = fp(async function accessHook(app: FastifyInstance) {
  app.decorateRequest('grants', null);
  // Registered after the auth plugin, so this runs after its onRequest hook (caller known, CSRF checked).
  app.addHook('onRequest', async (request) => {
    const { config, url } = request.routeOptions;
    if (url && !config?.public && config?.access) await checkEarlyAccess(app.db, request, config.access);
  });
  app.addHook('preHandler', async (request) => {
    const { config, url } = request.routeOptions;
    if (!url || config?.public) return;
    if (!config?.access) {
      if (isApiRoute(url)) throw new Error(`${request.method} ${url} declares neither config.public nor config.access`);
      return;
    }
    request.grants = await checkRouteAccess(app.db, request, config.access);
  });
});
