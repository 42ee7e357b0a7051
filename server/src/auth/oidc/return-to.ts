/**
 * Where a sign-in may send the browser afterwards: a path of this site. Anything else (another
 * origin, `//host`, `/\host`, a scheme, control characters, the API itself) becomes `/`, so the
 * sign-in can never be turned into a redirect to somewhere else.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  const base = 'http://stafette.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname.startsWith('/api/')) return '/';
  return url.pathname + url.search + url.hash;
}
