import { GAP_QUERY_MAX_LENGTH } from '@stafette/api';

/**
 * The form a query is counted under: lower case, single spaces, no surrounding quotes. Null for
 * what is not a question worth counting (one letter, or pasted text longer than the limit).
 */
export function normaliseQuery(q: string): string | null {
  const text = q
    .normalize('NFC')
    .replace(/["„“”'`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('de');
  if (text.length < 2 || text.length > GAP_QUERY_MAX_LENGTH) return null;
  return text;
}
