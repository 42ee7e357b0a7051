import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { mayBeKeptOffline } from './gates.ts';
import type { ClassificationKey } from './levels.ts';

/**
 * Offline copies: the client's service worker keeps an API answer for use without network only
 * when it carries `X-Stafette-Offline: allowed` (client/vite.config.ts). Every GET answer of the
 * API carries it, except those a route marked with `keepOffDevices` — the answers about
 * strictly confidential pages. The client also keeps no IndexedDB copy of such a page.
 */
export const OFFLINE_HEADER = 'x-stafette-offline';

const keptOff = new WeakSet<FastifyReply>();

/** Marks the answer as not to be kept on the device when the level forbids offline copies. */
export function keepOffDevices(reply: FastifyReply, level: ClassificationKey): void {
  if (!mayBeKeptOffline(level)) keptOff.add(reply);
}

export const offlineMarkerPlugin = fp(async function offlineMarker(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && request.routeOptions.url?.startsWith('/api/v1/') && reply.statusCode === 200 && !keptOff.has(reply)) {
      reply.header(OFFLINE_HEADER, 'allowed');
    }
    return payload;
  });
});
