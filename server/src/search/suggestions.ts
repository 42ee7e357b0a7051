import { type Kysely, sql } from 'kysely';
import type { Suggestion } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { withClassification } from '../classification/effective.ts';
import { mayBeSuggested } from '../classification/gates.ts';

/**
 * Suggestions while typing: page titles, process steps and people whose name has a word starting
 * with what was typed (a title starting with it first, then shorter ones). Pages and steps only
 * of spaces the caller reads, strictly confidential pages only to members of their space (the
 * quick switcher's rule); people are the directory every signed-in account sees.
 */

/** `%` and `_` typed are letters, not wildcards. */
const likeEscape = (s: string) => s.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_');

/** A word of `column` starts with the typed text (case-insensitive). */
function wordStart(column: string, typed: string) {
  const t = likeEscape(typed.toLowerCase());
  return sql<boolean>`(lower(${sql.ref(column)}) LIKE ${`${t}%`} OR lower(${sql.ref(column)}) LIKE ${`% ${t}%`} OR lower(${sql.ref(column)}) LIKE ${`%-${t}%`})`;
}
const startsFirst = (column: string, typed: string) =>
  sql`(lower(${sql.ref(column)}) LIKE ${`${likeEscape(typed.toLowerCase())}%`}) DESC, length(${sql.ref(column)}), ${sql.ref(column)}`;

export async function suggest(db: Kysely<DB>, userId: string, readable: readonly string[] | 'all', typed: string, limit: number): Promise<Suggestion[]> {
  const q = typed.trim().replace(/\s+/g, ' ');
  if (q.length === 0) return [];
  const spaces = readable === 'all' ? null : [...readable];
  const noSpaces = spaces !== null && spaces.length === 0;

  const pageRows = noSpaces
    ? []
    : (
        await sql<{ id: string; title: string; space_id: string }>`
          SELECT p.id, p.title, p.space_id FROM pages p JOIN spaces s ON s.id = p.space_id
          WHERE p.archived_at IS NULL AND s.archived_at IS NULL AND ${wordStart('p.title', q)}
            ${spaces ? sql`AND p.space_id = ANY(${spaces}::uuid[])` : sql``}
          ORDER BY ${startsFirst('p.title', q)}, p.id LIMIT ${limit * 2}`.execute(db)
      ).rows;
  const memberOf = new Set((await db.selectFrom('space_members').select('space_id').where('user_id', '=', userId).execute()).map((r) => r.space_id));
  const pages = (await withClassification(db, pageRows, (r) => r.id))
    .filter((r) => mayBeSuggested(r.classification, memberOf.has(r.space_id)))
    .map((r): Suggestion => ({ kind: 'page', id: r.id, label: r.title, spaceId: r.space_id }));

  const steps = noSpaces
    ? []
    : (
        await sql<{ element_id: string; name: string; process_id: string; process_name: string }>`
          SELECT st.element_id, st.name, pr.id AS process_id, pr.name AS process_name
          FROM process_steps st JOIN processes pr ON pr.id = st.process_id JOIN spaces s ON s.id = pr.space_id
          WHERE st.removed_in_version IS NULL AND st.name IS NOT NULL AND pr.archived_at IS NULL AND s.archived_at IS NULL
            AND ${wordStart('st.name', q)}
            ${spaces ? sql`AND pr.space_id = ANY(${spaces}::uuid[])` : sql``}
          ORDER BY ${startsFirst('st.name', q)}, pr.name, st.element_id LIMIT ${limit}`.execute(db)
      ).rows.map((r): Suggestion => ({ kind: 'step', id: r.element_id, label: r.name, processId: r.process_id, processName: r.process_name }));

  const people = (
    await sql<{ id: string; display_name: string }>`
      SELECT u.id, u.display_name FROM users u
      WHERE u.active AND ${wordStart('u.display_name', q)}
      ORDER BY ${startsFirst('u.display_name', q)}, u.id LIMIT ${limit}`.execute(db)
  ).rows.map((r): Suggestion => ({ kind: 'person', id: r.id, label: r.display_name }));

  return mix([pages, steps, people], limit);
}

/**
 * At most `limit` suggestions: about half pages, a quarter each steps and people; a kind with
 * fewer leaves its places to the others. Kinds stay grouped in that order.
 */
export function mix(kinds: Suggestion[][], limit: number): Suggestion[] {
  const quota = [limit - 2 * Math.floor(limit / 4), Math.floor(limit / 4), Math.floor(limit / 4)];
  const take = kinds.map((k, i) => Math.min(k.length, quota[i]!));
  let spare = limit - take.reduce((a, b) => a + b, 0);
  for (let i = 0; i < kinds.length && spare > 0; i++) {
    const more = Math.min(spare, kinds[i]!.length - take[i]!);
    take[i]! += more;
    spare -= more;
  }
  return kinds.flatMap((k, i) => k.slice(0, take[i]));
}
