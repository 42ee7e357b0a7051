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

/** Query strings may carry one-time tokens (setup link, collaboration token). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token)=)[^&]*/gi, '$1[redacted]');
}

export const serializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
  },
};
