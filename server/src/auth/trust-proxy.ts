import type { TrustProxy } from '../config.ts';

/** What Fastify's `trustProxy` option receives for `STAFETTE_TRUST_PROXY`. */
export type FastifyTrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * Fastify 5.12 reads a hop count as "trust no one" (it cannot tell the proxy from a client that
 * reached the port directly), so behind a proxy every client would share the proxy's address
 * and rate limits would lock out everyone at once. A count n here trusts the nearest n hops:
 * the address the last proxy appended is the client's, whatever clients wrote before it. That
 * holds as long as only the proxy can reach the port (docker-compose.yml binds it to 127.0.0.1).
 */
export function trustProxyOption(value: TrustProxy): FastifyTrustProxy {
  if (typeof value !== 'number') return value;
  const hops = value;
  return (_address, hop) => hop < hops;
}
