/**
 * Whether a browser's `Origin` may open a collaboration socket. The session cookie travels with
 * requests from every host of the same site, so accepting any origin but the instance's own
 * would let a page elsewhere (another subdomain such as `intranet.<site>`, or a foreign site)
 * open a socket as the signed-in user (cross-site WebSocket hijacking).
 *
 * Accepted: no Origin (non-browser clients, which bring no ambient cookie of a browser), and an
 * origin equal to a configured one (`allowed`: the public URL's origin and
 * `STAFETTE_ALLOWED_ORIGINS`), compared exactly: scheme, host and port. With none configured,
 * only the request's own host (the page came from this server).
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[], host: string | undefined): boolean {
  if (origin === undefined) return true;
  const from = parseOrigin(origin);
  if (from === null) return false;
  if (allowed.length > 0) return allowed.includes(from.origin);
  if (!host) return false;
  // Host carries no scheme; the Origin's scheme decides the default port on both sides.
  const own = parseOrigin(`${from.protocol}//${host}`);
  return own !== null && own.host === from.host;
}

/**
 * The configured origins, normalised (`https://wiki.example.org`, no default port): the public
 * URL's and the allowed list. A public URL that does not parse stays as it is and so matches no
 * Origin: misconfiguration refuses browsers rather than accept every host.
 */
export function allowedOrigins(config: { publicUrl: string | null; allowedOrigins: readonly string[] }): string[] {
  const origins = [...config.allowedOrigins];
  if (config.publicUrl) origins.push(parseOrigin(config.publicUrl)?.origin ?? config.publicUrl);
  return origins;
}

function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    // Opaque origins ("null", file:, data:) belong to nobody.
    return url.origin === 'null' ? null : url;
  } catch {
    return null;
  }
}
