import type { FastifyRequest } from 'fastify';

/** Secrets never reach the logs: pino removes these paths from every record. */
export const redactPaths = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
    'password',
    '*.password',
    'token',
    '*.token',
  ],
  censor: '[redacted]',
};

const SECRET_PARAMS = new Set(['token', 'access_token']);

/**
 * Query strings may carry one-time tokens (setup link, collaboration token). Names are compared
 * as the query parser reads them (percent- and `+`-decoded, any case), so `?%74oken=` is redacted
 * like `?token=`; a name that does not decode loses its whole pair.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replaceAll('+', ' ')).toLowerCase();
      } catch {
        return '[redacted]';
      }
      return eq !== -1 && SECRET_PARAMS.has(name) ? `${rawName}=[redacted]` : pair;
    });
  return `${url.slice(0, start + 1)}${pairs.join('&')}`;
}

export const serializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
  },
};
