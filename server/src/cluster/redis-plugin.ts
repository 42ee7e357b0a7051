import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { closeConnection, reconnectDelay } from './subscriber.ts';
import { type RelaySigner, relaySigner } from './relay-signer.ts';

/** The Redis several instances share (`REDIS_URL`); owned here, used by the shared limits. */
export interface SharedRedis {
  readonly client: Redis;
  /** Connected and answering; false while Redis is down or still connecting. */
  available(): boolean;
  /** Signs and checks what the instances tell each other through it (relay-signer.ts). */
  readonly signer: RelaySigner;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared Redis (server/src/cluster); null when `REDIS_URL` is unset (one instance). */
    redis: SharedRedis | null;
  }
}

/**
 * Connects to the shared Redis when `REDIS_URL` is set. Startup does not wait for it: an
 * instance whose Redis is down serves its own clients (limits counted in the process) and
 * reports "degraded" in /api/v1/health; the client reconnects with growing pauses (up to 5 s)
 * for as long as it takes. Commands fail at once while disconnected instead of queueing, so no
 * request waits on Redis; each command gets a second at most.
 */
export const redisPlugin = fp(
  async function redis(app: FastifyInstance) {
    const { url, keyPrefix } = app.config.redis;
    if (!url) {
      app.decorate('redis', null);
      return;
    }
    const client = new Redis(url, {
      keyPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      retryStrategy: reconnectDelay,
    });
    // One warning per outage, not one per reconnection attempt.
    let down = false;
    client.on('error', (err) => {
      if (down) return;
      down = true;
      app.log.warn({ err }, 'redis unreachable; limits are counted per instance until it returns');
    });
    client.on('ready', () => {
      if (down) app.log.info('redis reachable again');
      down = false;
    });
    client.connect().catch(() => {
      // Reported by the error listener; the retry strategy keeps trying.
    });
    app.decorate('redis', { client, available: () => client.status === 'ready', signer: await relaySigner(app.db) });
    app.addHook('onClose', () => closeConnection(client));
  },
  { name: 'cluster-redis' },
);
