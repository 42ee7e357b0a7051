import { createHash } from 'node:crypto';
import { InvalidCursorError, type SearchQuery } from './backend.ts';

/**
 * The pagination cursor of both search backends: an offset into the ranked hits, bound to the
 * query it came from, so a cursor from another search (other words, space, process or step)
 * is refused instead of paging through the wrong results. Opaque to clients (base64url JSON).
 */

/**
 * Deepest offset a cursor may carry. Far beyond what a person pages to; it keeps a forged
 * cursor from asking the database to rank and skip an unbounded number of rows. A backend
 * that stops earlier (Meilisearch's maxTotalHits) answers past its end with no hits.
 */
export const MAX_CURSOR_OFFSET = 100_000;

/** The parts of a query that change which hits there are; `limit` and the caller don't. */
function fingerprint(query: SearchQuery): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        query.q,
        query.spaceId ?? null,
        query.processId ?? null,
        query.stepId ?? null,
        ...(query.classification || query.authorId || query.changedSince || query.fileType || query.sort === 'date' || query.preferStepId
          ? [query.classification ?? null, query.authorId ?? null, query.changedSince ?? null, query.fileType ?? null, query.sort ?? null, query.preferStepId ?? null]
          : []),
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(query: SearchQuery, offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(query) })).toString('base64url');
}

/** The offset the query's cursor points at; 0 without a cursor. Throws InvalidCursorError. */
export function decodeCursor(query: SearchQuery): number {
  if (!query.cursor) return 0;
  let parsed: { o?: unknown; f?: unknown } | null = null;
  try {
    parsed = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown } | null;
  } catch {
    // Not base64url JSON: refused below like any other foreign cursor.
  }
  const offset = parsed?.o;
  if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 && offset <= MAX_CURSOR_OFFSET && parsed?.f === fingerprint(query)) {
    return offset;
  }
  throw new InvalidCursorError('The cursor does not belong to this search; start again from the first page.');
}
