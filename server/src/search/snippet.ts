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
/**
 * Longest window, in characters of the body: 24 words of prose take about 200. A run without
 * spaces (a long link, encoded data, a line of dashes) would otherwise make a window as long as
 * the run, up to the whole scanned body in every result.
 */
const MAX_WINDOW_CHARS = 1_000;
/** Of a window cut to length, at most this much comes before its first match. */
const MAX_LEAD_CHARS = 250;

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

/** The query lexeme a word matches, or null; `candidates` finds where such words may be. */
export interface WordMatcher {
  (word: string): string | null;
  /**
   * Finds, in raw text, every place a matching word starts (or, for long lexemes, contains the
   * lexeme), and some places where none does: case, umlauts and ß as the fold allows. Null when
   * the query has no lexemes.
   */
  readonly candidates: RegExp | null;
}

/** A lexeme as raw text may spell it before lower-casing and folding (case through the `i` flag). */
const RAW_SPELLINGS: Record<string, string> = { ss: '(?:ss|ß)', s: '(?:s|ß)', a: '[aä]', o: '[oö]', u: '[uü]' };
const rawSpelling = (lexeme: string) => lexeme.replace(/ss|[saou]|[^saou]+/g, (part) => RAW_SPELLINGS[part] ?? escapeRegExp(part));

/** Words a matcher or highlighter remembers at most; kept with a plan, it meets new words in every search. */
const MAX_REMEMBERED_WORDS = 20_000;

/** `answer` remembered per word (at most MAX_REMEMBERED_WORDS; past them it starts again). */
export function perWord<T>(answer: (word: string) => T): (word: string) => T {
  const seen = new Map<string, T>();
  return (word) => {
    const kept = seen.get(word);
    if (kept !== undefined || seen.has(word)) return kept as T;
    const value = answer(word);
    if (seen.size >= MAX_REMEMBERED_WORDS) seen.clear();
    seen.set(word, value);
    return value;
  };
}

/**
 * `matches` remembered per word, for the searches of one plan: a body repeats its words, and so do
 * the bodies of one page of results; folding and testing each occurrence again was most of the
 * time a search spent outside the database.
 */
export function wordMatcher(lexemes: readonly string[]): WordMatcher {
  // Most words match no lexeme: one regular expression rules them out, instead of a test per lexeme.
  const inner = lexemes.filter((l) => l.length >= 5);
  const any = lexemes.length === 0 ? null : new RegExp(`^(?:${lexemes.map(escapeRegExp).join('|')})${inner.length > 0 ? `|${inner.map(escapeRegExp).join('|')}` : ''}`);
  const candidates =
    lexemes.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${lexemes.map(rawSpelling).join('|')})${inner.length > 0 ? `|${inner.map(rawSpelling).join('|')}` : ''}`, 'giu');
  const match = perWord((word) => (any?.test(lexemeFold(word.toLowerCase())) ? matches(word, lexemes) : null));
  return Object.assign(match, { candidates });
}

/** Whether any word of the text matches (headings worth showing). */
export function hasMatch(text: string, match: WordMatcher): boolean {
  for (const m of text.matchAll(WORD)) if (match(m[0])) return true;
  return false;
}

interface Hit {
  start: number;
  lexeme: string;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * The matching words of a text in order. Only the places `candidates` finds are looked at, widened
 * to their whole word and tested: splitting a long body into all its words was most of a search's
 * time outside the database.
 */
function hitsIn(text: string, match: WordMatcher): Hit[] {
  const hits: Hit[] = [];
  const find = match.candidates;
  if (!find) return hits;
  find.lastIndex = 0;
  for (let m = find.exec(text); m; m = find.exec(text)) {
    let start = m.index;
    while (isWordChar(text[start - 1])) start--;
    let end = m.index + m[0].length;
    while (isWordChar(text[end])) end++;
    const lexeme = match(text.slice(start, end));
    if (lexeme) hits.push({ start, lexeme });
    find.lastIndex = Math.max(end, m.index + 1);
  }
  return hits;
}

/**
 * Where the `count`-th word before offset `at` starts (or the text's first word, if fewer). The
 * look-back doubles while it holds too few words, so a long run without words before a hit costs
 * linear time, not a scan per step.
 */
function wordsBack(text: string, at: number, count: number): number {
  if (count === 0) return at;
  for (let span = count * 40; ; span *= 2) {
    const from = Math.max(0, at - span);
    const starts = [...text.slice(from, at).matchAll(WORD)].map((m) => from + m.index);
    if (starts.length > count || from === 0) return starts[Math.max(0, starts.length - count)] ?? at;
  }
}

const WORD_FROM = new RegExp(WORD.source, 'gu');

/** The end of the `count`-th word from offset `at` on (or of the text's last word), and whether words follow. */
function wordsOn(text: string, at: number, count: number): { end: number; more: boolean } {
  WORD_FROM.lastIndex = at;
  let end = at;
  for (let i = 0; i < count; i++) {
    const m = WORD_FROM.exec(text);
    if (!m) return { end, more: false };
    end = m.index + m[0].length;
  }
  return { end, more: WORD_FROM.exec(text) !== null };
}

/** Up to `fragments` windows of the body around the densest matches, or the body's start. */
export function snippetWindows(body: string, match: WordMatcher, fragments = 2): string[] {
  const text = body.length > MAX_SCAN ? body.slice(0, MAX_SCAN) : body;
  WORD_FROM.lastIndex = 0;
  const firstWord = WORD_FROM.exec(text);
  if (!firstWord) return [];
  const hits = hitsIn(text, match);
  if (hits.length === 0) return [cut(text, firstWord.index, wordsOn(text, firstWord.index, WINDOW_WORDS * 2))];

  // Score each window starting a few words before a hit by its distinct matched lexemes. Only the
  // hits inside a window are visited (a pointer into the sorted hits).
  const scored: { from: number; to: number; more: boolean; score: number; at: number }[] = [];
  const stamp = new Map<string, number>();
  let first = 0;
  hits.forEach((hit, k) => {
    const from = wordsBack(text, hit.start, 6);
    const { end: to, more } = wordsOn(text, from, WINDOW_WORDS);
    while (hits[first]!.start < from) first++;
    let distinct = 0;
    let count = 0;
    for (let h = first; h < hits.length && hits[h]!.start < to; h++) {
      count++;
      if (stamp.get(hits[h]!.lexeme) !== k) {
        stamp.set(hits[h]!.lexeme, k);
        distinct++;
      }
    }
    scored.push({ from, to, more, score: distinct * 10 + count, at: hit.start });
  });
  scored.sort((a, b) => b.score - a.score || a.from - b.from);
  const chosen: typeof scored = [];
  for (const s of scored) {
    if (chosen.length >= fragments) break;
    if (chosen.some((c) => s.from < c.to && c.from < s.to)) continue;
    chosen.push(s);
  }
  chosen.sort((a, b) => a.from - b.from);
  return chosen.map((c) => cut(text, c.from, { end: c.to, more: c.more }, c.from > firstWord.index, c.at));
}

/** The window's text, whitespace collapsed, `…` where text was left out; at most MAX_WINDOW_CHARS around `at`. */
function cut(text: string, from: number, to: { end: number; more: boolean }, before = false, at = from): string {
  let start = from;
  let end = to.end;
  if (end - start > MAX_WINDOW_CHARS) {
    start = Math.max(from, at - MAX_LEAD_CHARS);
    end = Math.min(end, start + MAX_WINDOW_CHARS);
  }
  const slice = text.slice(start, end).replace(/\s+/g, ' ');
  return `${before || start > from ? '… ' : ''}${slice}${to.more || end < to.end ? ' …' : ''}`;
}
