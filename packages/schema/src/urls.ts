/**
 * URL rules shared by the schema's DOM rules and every serialiser: which hrefs a link may
 * carry, and the readable paths that page links and step links are written as.
 */

const SAFE_LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const SAFE_IMAGE_SCHEMES = new Set(['http', 'https']);
// Browsers ignore ASCII whitespace and control characters inside a scheme
// ("java\tscript:"), so they are removed before the scheme is read.
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u009f]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function hasSafeScheme(url: string, schemes: Set<string>): boolean {
  const compact = url.replace(IGNORED_IN_SCHEME, '');
  const match = SCHEME.exec(compact);
  // No scheme: a relative reference (path, query, fragment or protocol-relative).
  if (!match) return true;
  return schemes.has(match[1]!.toLowerCase());
}

/** True when `href` is http(s), mailto, tel or relative: the only links Stafette keeps. */
export function isSafeHref(href: unknown): href is string {
  return typeof href === 'string' && hasSafeScheme(href, SAFE_LINK_SCHEMES);
}

/** True when `src` is http(s) or relative: the only image sources Stafette renders. */
export function isSafeImageSrc(src: unknown): src is string {
  return typeof src === 'string' && hasSafeScheme(src, SAFE_IMAGE_SCHEMES);
}

/** The readable path of a wiki page: `/pages/<id>`. */
export function pageHref(pageId: string): string {
  return `/pages/${encodeURIComponent(pageId)}`;
}

/** The readable path of a process step: `/processes/<processId>/steps/<elementId>`. */
export function stepHref(processId: string, elementId: string): string {
  return `/processes/${encodeURIComponent(processId)}/steps/${encodeURIComponent(elementId)}`;
}

const PAGE_PATH = /^\/pages\/([^/?#\s]+)\/?$/;
const STEP_PATH = /^\/processes\/([^/?#\s]+)\/steps\/([^/?#\s]+)\/?$/;

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** The page id of a `/pages/<id>` href, or null for any other href. */
export function parsePageHref(href: string): string | null {
  const match = PAGE_PATH.exec(href.trim());
  return match ? decode(match[1]!) : null;
}

/** The step of a `/processes/<processId>/steps/<elementId>` href, or null for any other href. */
export function parseStepHref(href: string): { processId: string; elementId: string } | null {
  const match = STEP_PATH.exec(href.trim());
  if (!match) return null;
  const processId = decode(match[1]!);
  const elementId = decode(match[2]!);
  return processId !== null && elementId !== null ? { processId, elementId } : null;
}
