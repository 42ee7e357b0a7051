/**
 * What of an API answer a device may keep. Strictly confidential pages leave no trace on a
 * device, not even their titles: entries of that level are taken out of every list (a space's
 * tree, the start page's lists, the pages on a process step) before the answer is stored, and
 * an answer about such a page or space itself is not stored at all.
 *
 * Self-contained on purpose (no imports, no names from outside): the build copies this
 * function's source into the service worker as a Workbox `cacheWillUpdate` plugin
 * (vite.config.ts), and the app uses it for the answers it stores itself (service-worker.ts).
 */
export async function deviceCopy({ response }: { response: Response }): Promise<Response | null> {
  // The level's key as the API writes it (packages/api classification keys).
  const kept = (value: unknown): boolean => !(value !== null && typeof value === 'object' && (value as { classification?: unknown }).classification === 'streng-vertraulich');
  const redact = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter(kept).map(redact);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redact(inner)]));
    return value;
  };
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return null;
  }
  if (!kept(body)) return null;
  // The body is new: its length and encoding are no longer the server's.
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(JSON.stringify(redact(body)), { status: response.status, statusText: response.statusText, headers });
}
