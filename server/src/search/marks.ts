import { escapeHtml } from '@stafette/schema';

/**
 * Highlighted snippets travel as text with two private-use characters around each match, never
 * as HTML: a page that contains the text "<mark>" (or "<script>") must not become markup.
 * Meilisearch inserts them where asked (its `_formatted` text is raw), the PostgreSQL backend
 * marks the words itself (postgres/highlight.ts); the characters are stripped from every text
 * first, and the result is HTML-escaped as a whole before they are turned into <mark>…</mark>.
 */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const SENTINELS = /[\uE000\uE001]/g;

/** Removes the sentinel characters from text that goes into the index. */
export function stripSentinels(text: string): string {
  return text.replace(SENTINELS, '');
}

/**
 * HTML-escaped text with <mark> around sentinel-marked matches. Unbalanced sentinels (a crop
 * cutting through a match) are dropped, so the output always has well-formed, unnested marks.
 */
export function safeHighlight(formatted: string): string {
  let out = '';
  let open = false;
  let pending = '';
  for (const part of formatted.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (open) {
        out += escapeHtml(pending);
        pending = '';
      }
      open = true;
    } else if (part === MARK_END) {
      if (open && pending.length > 0) out += `<mark>${escapeHtml(pending)}</mark>`;
      else out += escapeHtml(pending);
      pending = '';
      open = false;
    } else if (open) pending += part;
    else out += escapeHtml(part);
  }
  return out + escapeHtml(pending);
}

/** Whether a formatted text holds at least one match. */
export function hasHighlight(formatted: string): boolean {
  return formatted.includes(MARK_START);
}
