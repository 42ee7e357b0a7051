import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** No other site may frame any of our pages (clickjacking); CSP 2 and the older header both. */
const FRAME_ANCESTORS = "frame-ancestors 'none'";

/** Set on every response unless the route chose its own value. */
const DEFAULTS: Record<string, string> = {
  // A response is only ever read as the type it declares: stored text cannot become script.
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Page and search URLs (titles, queries) stay inside the wiki; same-origin keeps the Origin
  // header on our own POSTs, which `no-referrer` would turn into "null".
  'referrer-policy': 'same-origin',
  // A window opened from the wiki cannot reach back into it, nor another site read our files.
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** One year, as browsers' preload lists expect; only sent over HTTPS, where it means something. */
const HSTS = 'max-age=31536000';

function withFrameAncestors(policy: string): string {
  return /(^|;)\s*frame-ancestors\s/i.test(policy) ? policy : `${policy}; ${FRAME_ANCESTORS}`;
}

/** Sets the headers unless already set; also for answers given outside the hooks (frameworkErrors). */
export function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(DEFAULTS)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
  const csp = reply.getHeader('content-security-policy');
  // A route's own policy (a sandboxed download) is kept and only made unframeable.
  reply.header('content-security-policy', typeof csp === 'string' ? withFrameAncestors(csp) : FRAME_ANCESTORS);
  // API answers hold what only this user may see: no shared or browser cache keeps them.
  if ((request.routeOptions.url ?? '').startsWith('/api/v1/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

/**
 * Security headers on every HTTP response: API answers, problem+json errors, 404s, the
 * static client and the OpenAPI pages. Registered before any route so every context inherits
 * the hook; onSend runs for errors and not-found answers too.
 */
export const securityHeadersPlugin = fp(async function securityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    addSecurityHeaders(request, reply);
    return payload;
  });
});
