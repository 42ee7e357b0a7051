import type { FastifyRequest } from 'fastify';

/** Addresses on the public portal. Absolute ones use STAFETTE_PUBLIC_URL, else the request's own origin. */
export function originOf(request: FastifyRequest): string {
  return (request.server.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

export const PORTAL = '/public';
export const PAGES = `${PORTAL}/seiten`;
export const PROCESSES = `${PORTAL}/ablaeufe`;
/** The first addresses (`/public/pages/<uuid>`, `/public/processes/<uuid>`): still answered, with a 301 to the readable one. */
export const LEGACY_PAGES = `${PORTAL}/pages`;
export const LEGACY_PROCESSES = `${PORTAL}/processes`;

const SLUG_MAX = 60;
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'ae', Ö: 'oe', Ü: 'ue', ẞ: 'ss' };

/** A title as it reads in an address: lower case, German umlauts spelled out, words joined by `-`. */
export function slugOf(title: string, fallback: string): string {
  const slug = title
    .replace(/[äöüßÄÖÜẞ]/g, (c) => GERMAN[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, SLUG_MAX).replace(/-+[^-]*$/, (tail) => (slug.length > SLUG_MAX ? '' : tail)).replace(/-+$/, '');
  return cut || fallback;
}

/** The short id in a readable address: the first 8 hex digits of the UUID. */
export const shortId = (id: string) => id.replace(/-/g, '').slice(0, 8).toLowerCase();

/** The short id at the end of a readable address's last segment, or null. */
export function shortIdOf(ref: string): string | null {
  return /(?:^|-)([0-9a-f]{8})$/i.exec(ref)?.[1]?.toLowerCase() ?? null;
}

/** The ids among `ids` that the short id names (normally one). */
export function idsWithShortId(ids: Iterable<string>, short: string): string[] {
  return [...ids].filter((id) => shortId(id) === short);
}

/** The readable address of a public page, e.g. `/public/seiten/wohnsitz-anmelden-3f2a9c1b`. */
export const publicPagePath = (pageId: string, title: string) => `${PAGES}/${slugOf(title, 'seite')}-${shortId(pageId)}`;
/** The readable address of a public process, e.g. `/public/ablaeufe/wohnsitz-anmelden-7c01d2e4`. */
export const publicProcessPath = (processId: string, name: string) => `${PROCESSES}/${slugOf(name, 'ablauf')}-${shortId(processId)}`;
/** A step's anchor on its process's public page. */
export const stepAnchor = (elementId: string) => `schritt-${elementId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
