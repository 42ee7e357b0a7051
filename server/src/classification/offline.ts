import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { mayBeKeptOffline } from './gates.ts';
import type { ClassificationKey } from './levels.ts';

/**
 * Offline copies: the client's service worker keeps an API answer for use without network only
 * when it carries `X-Stafette-Offline: allowed` (client/vite.config.ts). Every GET answer of the
 * API carries it, except those a route marked with `keepOffDevices` — the answers about
 * strictly confidential pages — and the answers about processes of strictly confidential spaces. The client also keeps no IndexedDB copy of such a page.
 */
export const OFFLINE_HEADER = 'x-stafette-offline';

const keptOff = new WeakSet<FastifyReply>();

/**
 * Processes have no level of their own: they carry their space's. The process answers a kept
 * space stores (client/src/offline/cache-names.ts) are marked only when that space may be kept.
 */
async function processSpaceLevel(app: FastifyInstance, request: FastifyRequest): Promise<ClassificationKey | null> {
  const { id } = (request.params ?? {}) as { id?: string };
  const { spaceId } = (request.query ?? {}) as { spaceId?: string };
  const route = request.routeOptions.url ?? '';
  if (route.startsWith('/api/v1/processes/:id') && id) {
    const row = await app.db.selectFrom('processes').innerJoin('spaces', 'spaces.id', 'processes.space_id').select('spaces.classification').where('processes.id', '=', id).executeTakeFirst();
    return row?.classification ?? null;
  }
  if (spaceId) {
    const row = await app.db.selectFrom('spaces').select('classification').where('id', '=', spaceId).executeTakeFirst();
    return row?.classification ?? null;
  }
  return null;
}

/** Marks the answer as not to be kept on the device when the level forbids offline copies. */
export function keepOffDevices(reply: FastifyReply, level: ClassificationKey): void {
  if (!mayBeKeptOffline(level)) keptOff.add(reply);
}

export const offlineMarkerPlugin = fp(async function offlineMarker(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && request.routeOptions.url?.startsWith('/api/v1/') && reply.statusCode === 200 && !keptOff.has(reply)) {
      if (request.routeOptions.url.startsWith('/api/v1/processes')) {
        const level = await processSpaceLevel(app, request);
        // A process list across spaces, or the landscape without a space: not kept.
        if (!level || !mayBeKeptOffline(level)) return payload;
      }
      reply.header(OFFLINE_HEADER, 'allowed');
    }
    return payload;
  });
});
