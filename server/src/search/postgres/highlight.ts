import { stemmer } from '@orama/stemmers/german';
import { lexemeFold, WORD } from '../german/text.ts';
import { MARK_END, MARK_START, stripSentinels } from '../marks.ts';
import { escapeRegExp, perWord, queryOperands } from '../snippet.ts';

/**
 * Marks the words of a snippet that the query matches, as ts_headline('german', text, query,
 * 'HighlightAll=true') did, without its round trip to the database (1–2.5 ms of every search at
 * 100,000 pages). A word matches when its lexeme under the `german` configuration is one of the
 * query's, or starts with one of its prefixes (`'x':*`). The lexeme is the Snowball German stem
 * that PostgreSQL's german_stem computes (the same for every word of the test corpus), or the
 * lower-case word when it holds a digit (those go to the `simple` dictionary).
 */

/**
 * Longest word that is stemmed. The stemmer's time grows with the square of a word's length (a
 * 200,000-letter run took 3.2 s); German words stay far below this. A longer word only matches a
 * prefix operand: its stem, cut by a few letters at most, still starts with the same letters.
 */
const MAX_STEMMED = 100;

/** The lexeme PostgreSQL's `german` configuration gives one word. */
export function germanLexeme(word: string): string {
  const lower = word.toLowerCase();
  return /\p{N}/u.test(lower) ? lower : stemmer(lower);
}

/** Marks the matching words of a text (marks.ts); one per plan, it remembers words. Marks already in the text are dropped. */
export function highlighter(tsquery: string): (text: string) => string {
  const { lexemes, prefixes } = queryOperands(tsquery);
  const all = [...lexemes, ...prefixes];
  if (all.length === 0) return stripSentinels;
  // A stem is a start of the word with umlauts and ß folded, so a word that starts with no
  // operand is ruled out by one regular expression before it is stemmed.
  const candidate = new RegExp(`^(?:${all.map(escapeRegExp).join('|')})`);
  const matches = perWord((word) => {
    const lower = word.toLowerCase();
    // Folded for stems; as it is for a word with digits, whose lexeme keeps its umlauts.
    const folded = lexemeFold(lower);
    if (!candidate.test(folded) && !candidate.test(lower)) return false;
    return word.length > MAX_STEMMED ? matchesLong(folded) : matchesLexeme(germanLexeme(word));
  });
  const matchesLexeme = (lexeme: string) => lexemes.has(lexeme) || prefixes.some((p) => lexeme.startsWith(p));
  const matchesLong = (folded: string) => prefixes.some((p) => folded.startsWith(p));
  return (text) => stripSentinels(text).replace(WORD, (word) => (matches(word) ? `${MARK_START}${word}${MARK_END}` : word));
}
