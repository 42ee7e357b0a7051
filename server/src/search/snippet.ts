import { lexemeFold } from './german/text.ts';

/**
 * Picks the passages of a body worth showing, without parsing the whole text in the database:
 * ts_headline on a 50 kB page costs tens of milliseconds, on the chosen windows almost nothing.
 * A word matches when its folded lower-case form starts with one of the query's lexemes (the
 * German stemmer only cuts endings, folds umlauts and ß), which is close enough to choose the
 * window; the highlighting itself is then done by ts_headline with the real query.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const WINDOW_WORDS = 24;
const MAX_SCAN = 200_000;

export function queryLexemes(tsquery: string): string[] {
  const out = new Set<string>();
  for (const m of tsquery.matchAll(/'((?:[^']|'')+)'/g)) {
    const lexeme = m[1]!.replaceAll("''", "'");
    if (lexeme.length >= 2) out.add(lexeme);
  }
  return [...out];
}

function matches(word: string, lexemes: readonly string[]): string | null {
  const folded = lexemeFold(word.toLowerCase());
  return lexemes.find((l) => folded.startsWith(l) || (l.length >= 5 && folded.includes(l))) ?? null;
}

/** Whether any word of the text matches (headings worth showing). */
export function hasMatch(text: string, lexemes: readonly string[]): boolean {
  for (const m of text.matchAll(WORD)) if (matches(m[0], lexemes)) return true;
  return false;
}

/** Up to `fragments` windows of the body around the densest matches, or the body's start. */
export function snippetWindows(body: string, lexemes: readonly string[], fragments = 2): string[] {
  const text = body.length > MAX_SCAN ? body.slice(0, MAX_SCAN) : body;
  const words: { start: number; end: number; hit: string | null }[] = [];
  for (const m of text.matchAll(WORD)) {
    const hit = matches(m[0], lexemes);
    words.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  if (words.length === 0) return [];
  const hits = words.flatMap((w, i) => (w.hit ? [i] : []));
  if (hits.length === 0) return [cut(text, words, 0, Math.min(words.length, WINDOW_WORDS * 2))];

  // Score each window starting a few words before a hit by its distinct matched lexemes.
  const scored = hits.map((i) => {
    const from = Math.max(0, i - 6);
    const to = Math.min(words.length, from + WINDOW_WORDS);
    const distinct = new Set(words.slice(from, to).flatMap((w) => (w.hit ? [w.hit] : [])));
    return { from, to, score: distinct.size * 10 + words.slice(from, to).filter((w) => w.hit).length };
  });
  scored.sort((a, b) => b.score - a.score || a.from - b.from);
  const chosen: { from: number; to: number }[] = [];
  for (const s of scored) {
    if (chosen.length >= fragments) break;
    if (chosen.some((c) => s.from < c.to && c.from < s.to)) continue;
    chosen.push(s);
  }
  chosen.sort((a, b) => a.from - b.from);
  return chosen.map((c) => cut(text, words, c.from, c.to));
}

function cut(text: string, words: { start: number; end: number }[], from: number, to: number): string {
  const slice = text.slice(words[from]!.start, words[to - 1]!.end).replace(/\s+/g, ' ');
  return `${from > 0 ? '… ' : ''}${slice}${to < words.length ? ' …' : ''}`;
}
