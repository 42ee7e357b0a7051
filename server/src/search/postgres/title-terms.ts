import { type RawBuilder, sql } from 'kysely';
import { K, TITLE_BONUS, TITLE_MEANING, WEIGHTS } from './ranking.ts';
import { TS_OPERAND, unquoteLexeme } from '../german/text.ts';

const ONE_OPERAND = new RegExp(`^${TS_OPERAND}$`);

/**
 * A page's title lexemes with the score it would get for a one-word query of that lexeme
 * (migration 0036, `search_title_terms`): its saturated rank plus the title bonus, times the
 * title's meaning factor, as query.ts ranks. A frequent word's title candidates are then its best
 * pages by a range of the index, not the first of its thousands of title matches in table order
 * (which a GIN bitmap also had to read whole). Ranking itself still runs on the candidates.
 */

/** The rows of the pages in `from` (columns page_id, space_id, title_words, title_tsv, tsv). */
export function titleTermRows(from: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT l.lexeme, (r.r / (r.r + ${K}::float8) + ${TITLE_BONUS}::float8) * (1 + ${TITLE_MEANING}::float8 * least(1, 1.0 / greatest(1, u.title_words))) AS score, u.page_id, u.space_id
    FROM ${from} u
      -- The vector unpacked once per page, not once per title lexeme.
      CROSS JOIN LATERAL (SELECT ts_delete(u.tsv, ''::text) AS v OFFSET 0) v
      CROSS JOIN LATERAL unnest(tsvector_to_array(u.title_tsv)) AS l(lexeme)
      CROSS JOIN LATERAL (SELECT ts_rank(${WEIGHTS}::float4[], v.v, ('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''')::tsquery, 1)::float8 AS r) r`;
}

/**
 * The operands of a tsquery's top-level OR: its lexemes, its prefixes (`'a':*`) and the rest
 * (an AND of split parts, `('ver' & 'fahr')`), which the GIN lookup answers.
 */
export function orOperands(query: string): { lexemes: string[]; prefixes: string[]; rest: string[] } {
  const out = { lexemes: [] as string[], prefixes: [] as string[], rest: [] as string[] };
  for (const part of topLevelOr(query)) {
    const m = ONE_OPERAND.exec(part);
    if (!m) out.rest.push(part);
    else (m[2] ? out.prefixes : out.lexemes).push(unquoteLexeme(m[1]!));
  }
  return out;
}

/** The parts of a tsquery joined by `|` outside parentheses and quotes (nested ORs flattened). */
function topLevelOr(query: string): string[] {
  const parts: string[] = [];
  let start = 0;
  walkUnquoted(query, (c, i, depth) => {
    if (c !== '|' || depth !== 0) return;
    parts.push(query.slice(start, i).trim());
    start = i + 1;
  });
  parts.push(query.slice(start).trim());
  return parts.filter(Boolean).flatMap((p) => {
    if (p.length < 2 || !p.startsWith('(') || !closesAtEnd(p)) return [p];
    const inner = topLevelOr(p.slice(1, -1));
    return inner.length > 1 ? inner : [p];
  });
}

/** Whether the parenthesis opening `p` is the one closing it at its end. */
function closesAtEnd(p: string): boolean {
  let closes = false;
  walkUnquoted(p, (c, i, depth) => {
    if (c !== ')' || depth !== 1) return false;
    closes = i === p.length - 1;
    return true;
  });
  return closes;
}

/**
 * Calls `visit` with each character outside quoted lexemes and the parenthesis depth before it,
 * until it returns true. Quotes are doubled or backslash-escaped inside a lexeme.
 */
function walkUnquoted(query: string, visit: (c: string, i: number, depth: number) => boolean | void): void {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = query[i + 1] === "'" ? (i++, true) : false;
      continue;
    }
    if (c === "'") {
      quoted = true;
      continue;
    }
    if (visit(c, i, depth)) return;
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
}
