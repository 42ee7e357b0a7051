import { lexemeFold, TS_OPERAND, unquoteLexeme, WORD } from './german/text.ts';

/**
 * Picks the passages of a body worth showing, without parsing the whole text in the database:
 * ts_headline on a 50 kB page costs tens of milliseconds, on the chosen windows almost nothing.
 * A word matches when its folded lower-case form starts with one of the query's lexemes (the
 * German stemmer only cuts endings, folds umlauts and ß), which is close enough to choose the
 * window; the words are then marked by their real lexemes (postgres/highlight.ts).
 */
const WINDOW_WORDS = 24;
const MAX_SCAN = 200_000;

/** A tsquery's operands: exact lexemes and prefixes (`'x':*`). */
export function queryOperands(tsquery: string): { lexemes: Set<string>; prefixes: string[] } {
  const lexemes = new Set<string>();
  const prefixes = new Set<string>();
  for (const m of tsquery.matchAll(new RegExp(TS_OPERAND, 'g'))) {
    if (m[1]) (m[2] ? prefixes : lexemes).add(unquoteLexeme(m[1]));
  }
  return { lexemes, prefixes: [...prefixes] };
}

/** Text that matches itself in a regular expression. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every operand of a tsquery, prefixes as lexemes; single letters left out. */
export function queryLexemes(tsquery: string): string[] {
  const { lexemes, prefixes } = queryOperands(tsquery);
  return [...new Set([...lexemes, ...prefixes])].filter((l) => l.length >= 2);
}

function matches(word: string, lexemes: readonly string[]): string | null {
  const folded = lexemeFold(word.toLowerCase());
  return lexemes.find((l) => folded.startsWith(l) || (l.length >= 5 && folded.includes(l))) ?? null;
}

/** The query lexeme a word matches, or null. */
export type WordMatcher = (word: string) => string | null;

/**
 * `matches` remembered per word for one search: a body repeats its words, and so do the bodies of
 * one page of results; folding and testing each occurrence again was most of the time a search
 * spent outside the database.
 */
export function wordMatcher(lexemes: readonly string[]): WordMatcher {
  const seen = new Map<string, string | null>();
  // Most words match no lexeme: one regular expression rules them out, instead of a test per lexeme.
  const inner = lexemes.filter((l) => l.length >= 5).map(escapeRegExp);
  const any = lexemes.length === 0 ? null : new RegExp(`^(?:${lexemes.map(escapeRegExp).join('|')})${inner.length > 0 ? `|${inner.join('|')}` : ''}`);
  return (word) => {
    let hit = seen.get(word);
    if (hit === undefined) {
      hit = any?.test(lexemeFold(word.toLowerCase())) ? matches(word, lexemes) : null;
      seen.set(word, hit);
    }
    return hit;
  };
}

/** Whether any word of the text matches (headings worth showing). */
export function hasMatch(text: string, match: WordMatcher): boolean {
  for (const m of text.matchAll(WORD)) if (match(m[0])) return true;
  return false;
}

/** Up to `fragments` windows of the body around the densest matches, or the body's start. */
export function snippetWindows(body: string, match: WordMatcher, fragments = 2): string[] {
  const text = body.length > MAX_SCAN ? body.slice(0, MAX_SCAN) : body;
  const starts: number[] = [];
  const ends: number[] = [];
  const hitOf: (string | null)[] = [];
  const hits: number[] = [];
  for (const m of text.matchAll(WORD)) {
    const hit = match(m[0]);
    if (hit) hits.push(starts.length);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    hitOf.push(hit);
  }
  const n = starts.length;
  if (n === 0) return [];
  if (hits.length === 0) return [cut(text, starts, ends, 0, Math.min(n, WINDOW_WORDS * 2))];

  // Score each window starting a few words before a hit by its distinct matched lexemes. Only the
  // hits inside a window are visited (a pointer into the sorted hits): slicing and filtering every
  // window's words cost milliseconds per page of results.
  const scored: { from: number; to: number; score: number }[] = [];
  const stamp = new Map<string, number>();
  let first = 0;
  hits.forEach((i, k) => {
    const from = Math.max(0, i - 6);
    const to = Math.min(n, from + WINDOW_WORDS);
    while (hits[first]! < from) first++;
    let distinct = 0;
    let count = 0;
    for (let h = first; h < hits.length && hits[h]! < to; h++) {
      const lexeme = hitOf[hits[h]!]!;
      count++;
      if (stamp.get(lexeme) !== k) {
        stamp.set(lexeme, k);
        distinct++;
      }
    }
    scored.push({ from, to, score: distinct * 10 + count });
  });
  scored.sort((a, b) => b.score - a.score || a.from - b.from);
  const chosen: { from: number; to: number }[] = [];
  for (const s of scored) {
    if (chosen.length >= fragments) break;
    if (chosen.some((c) => s.from < c.to && c.from < s.to)) continue;
    chosen.push(s);
  }
  chosen.sort((a, b) => a.from - b.from);
  return chosen.map((c) => cut(text, starts, ends, c.from, c.to));
}

function cut(text: string, starts: number[], ends: number[], from: number, to: number): string {
  const slice = text.slice(starts[from]!, ends[to - 1]!).replace(/\s+/g, ' ');
  return `${from > 0 ? '… ' : ''}${slice}${to < starts.length ? ' …' : ''}`;
}
