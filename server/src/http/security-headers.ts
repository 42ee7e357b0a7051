import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Who may frame our pages: `'none'` unless STAFETTE_FRAME_ANCESTORS says otherwise (clickjacking). */
function frameAncestorsOf(request: FastifyRequest): string {
  return request.server.config?.frameAncestors ?? "'none'";
}

/** The older header for browsers without CSP 2; it can only say none or same origin. */
function frameOptionsFor(frameAncestors: string): string | null {
  if (frameAncestors === "'none'") return 'DENY';
  if (frameAncestors === "'self'") return 'SAMEORIGIN';
  return null;
}

/**
 * The policy of the web client, its assets, the service worker and the API: code, style sheets and
 * connections only from our own origin. `'self'` in connect-src also covers ws:/wss: to the same
 * host (CSP 3), which is all the collaboration socket needs. `scriptHashes` admits the inline
 * scripts of the built index.html, if it has any.
 * Style attributes are allowed, style elements are not: y-prosemirror colours each remote cursor
 * and selection with a `style` attribute (through ProseMirror decorations, which only take
 * attributes), and bpmn-js builds its icons from markup with `style` attributes; hashes and nonces
 * cannot admit attributes. `style-src-elem 'self'` keeps `<style>` elements out in browsers with
 * CSP 3; `inlineStyles` lifts that for the API docs alone, whose Swagger UI bundle injects one.
 */
export function webClientPolicy(frameAncestors: string, options: { scriptHashes?: readonly string[]; inlineStyles?: boolean } = {}): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...(options.scriptHashes ?? []).map((h) => `'${h}'`)].join(' '),
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    ...(options.inlineStyles ? [] : ["style-src-elem 'self'"]),
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** Set on every response unless the route chose its own value. */
const DEFAULTS: Record<string, string> = {
  // A response is only ever read as the type it declares: stored text cannot become script.
  'x-content-type-options': 'nosniff',
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

function withFrameAncestors(policy: string, frameAncestors: string): string {
  return /(^|;)\s*frame-ancestors\s/i.test(policy) ? policy : `${policy}; frame-ancestors ${frameAncestors}`;
}

/** Sets the headers unless already set; also for answers given outside the hooks (frameworkErrors). */
export function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(DEFAULTS)) {
    if (!reply.hasHeader(name)) reply.header(name, value);
  }
  const frameAncestors = frameAncestorsOf(request);
  const frameOptions = frameOptionsFor(frameAncestors);
  if (frameOptions !== null && !reply.hasHeader('x-frame-options')) reply.header('x-frame-options', frameOptions);
  const csp = reply.getHeader('content-security-policy');
  // A route's own policy (a sandboxed download, the client's index) is kept and only given frame-ancestors.
  reply.header('content-security-policy', typeof csp === 'string' ? withFrameAncestors(csp, frameAncestors) : webClientPolicy(frameAncestors));
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
