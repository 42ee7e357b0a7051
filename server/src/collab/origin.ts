/**
 * Whether a browser's `Origin` may open the collaboration socket. Cookies travel across
 * same-site subdomains, so a page on another subdomain of the same site could otherwise ride
 * the user's session (cross-site WebSocket hijacking). Accepted: no Origin (non-browser
 * clients), the public URL's origin, and origins of the same site (same scheme, same
 * registrable domain, approximated as the last two labels of the host name; IP addresses and
 * single-label hosts must match exactly). Without a configured public URL the Origin must
 * match the request's Host.
 */
export function originAllowed(origin: string | undefined, publicUrl: string | null, host: string | undefined): boolean {
  if (origin === undefined) return true;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false;
  }
  if (!publicUrl) return host !== undefined && from.host === host;
  let own: URL;
  try {
    own = new URL(publicUrl);
  } catch {
    return false;
  }
  if (from.protocol !== own.protocol) return false;
  if (from.host === own.host) return true;
  return siteOf(from.hostname) !== null && siteOf(from.hostname) === siteOf(own.hostname);
}

function siteOf(hostname: string): string | null {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.startsWith('[')) return null;
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length < 2) return null;
  return labels.slice(-2).join('.');
}
