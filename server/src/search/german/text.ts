/**
 * Pure German text rules for query processing: tokens, umlaut/ß spelling variants, keys for
 * synonym lookup and the split points tried for compounds. Everything that needs the corpus
 * (is this word known? how frequent?) happens in the backend's query planner.
 */

export interface Token {
  /** As typed (case kept, for abbreviations such as "AO"). */
  text: string;
  /** Lower case. */
  lower: string;
}

/** A word: a run of letters and digits (global, for matchAll and replace). */
export const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a query in order; single letters carry no meaning for search and are dropped. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  for (const match of input.normalize('NFC').matchAll(WORD)) {
    const text = match[0];
    if (text.length < 2 && !/\d/.test(text)) continue;
    tokens.push({ text, lower: text.toLowerCase() });
  }
  return tokens;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'ä', 'ö', 'ü', 'y']);

/**
 * The umlaut spelling of a word typed with ae/oe/ue ("gruenflaeche" → "grünfläche"), or null
 * when there is nothing to rewrite. "ue" after a vowel or q is never an umlaut (Dauer, Mauer,
 * Steuer, neue, Quelle), so such words stay as they are. The caller still only uses the
 * variant when the corpus knows it and not the word as typed: "aktuell" stays "aktuell".
 */
export function umlautVariant(lower: string): string | null {
  let out = '';
  let changed = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    const next = lower[i + 1];
    const prev = i > 0 ? lower[i - 1]! : '';
    if (next === 'e' && (c === 'a' || c === 'o' || c === 'u') && !VOWELS.has(prev) && prev !== 'q') {
      out += c === 'a' ? 'ä' : c === 'o' ? 'ö' : 'ü';
      i++;
      changed = true;
      continue;
    }
    out += c;
  }
  return changed ? out : null;
}

/** Most distinct spelling variants added per field: bounds the work on very long pages. */
const MAX_VARIANTS = 5000;

/**
 * The umlaut spellings of the words of a text written with ae/oe/ue ("Fuehrungszeugnis" →
 * "führungszeugnis"), space-separated, for indexing beside the text. The stemmer folds ü to u,
 * so a page that only writes "Fuehrungszeugnis" also carries the lexeme "Führungszeugnis" has,
 * and a query typed either way meets it even when no page uses the other spelling. ß needs no
 * variant: the stemmer already turns it into ss. The same rule as `umlautVariant` at query time.
 */
export function spellingVariants(text: string): string {
  const out = new Set<string>();
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    if (match[0].length < 4) continue;
    const lower = match[0].toLowerCase();
    if (!/[aou]e/.test(lower)) continue;
    const v = umlautVariant(lower);
    if (v) out.add(v);
    if (out.size >= MAX_VARIANTS) break;
  }
  return [...out].join(' ');
}

const FOLDED = /[äöüß]/;

/**
 * The form lexemes of the `german` configuration take: the stemmer folds umlauts to their base
 * vowel and ß to ss. Used for prefix matching, where the unfinished word cannot be stemmed.
 */
export function lexemeFold(lower: string): string {
  // Most words have none of these: four replaceAll calls each were a third of the snippet time.
  if (!FOLDED.test(lower)) return lower;
  return lower.replaceAll('ä', 'a').replaceAll('ö', 'o').replaceAll('ü', 'u').replaceAll('ß', 'ss');
}

/**
 * Key for synonym lookup: lower case with umlauts and ß spelled out, so "ÖPNV", "Oepnv" and
 * "öpnv" meet, as do "Maßnahme" and "Massnahme".
 */
export function synonymKey(phrase: string): string {
  return tokenize(phrase)
    .map((t) => t.lower.replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue').replaceAll('ß', 'ss'))
    .join(' ');
}

/** Linking elements (Fugen) that may end the first part of a compound: Verkehr|s|zeichen. */
const LINKING = ['s', 'es', 'n', 'en', 'er', 'e'];

/** A compound's first part as written and without a linking element ("verkehrs" → "verkehr"). */
export function withoutLinking(head: string, minPart = 3): string[] {
  const out = [head];
  for (const link of LINKING) {
    if (head.endsWith(link) && head.length - link.length >= minPart) out.push(head.slice(0, -link.length));
  }
  return out;
}

export interface SplitCandidate {
  /** Candidate surface forms of the first part (with and without a linking element). */
  heads: string[];
  tail: string;
}

/**
 * Split points worth trying for a compound: both parts at least `minPart` letters, the first
 * part also without a linking element. Longest-first parts are preferred by the planner.
 */
export function splitCandidates(lower: string, minPart = 3): SplitCandidate[] {
  const out: SplitCandidate[] = [];
  for (let i = minPart; i <= lower.length - minPart; i++) {
    const head = lower.slice(0, i);
    const tail = lower.slice(i);
    out.push({ heads: withoutLinking(head, minPart), tail });
  }
  return out;
}

/** A lexeme as a tsquery operand: quoted so that nothing is re-parsed or re-stemmed. */
export function tsLexeme(lexeme: string, prefix = false): string {
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${prefix ? ':*' : ''}`;
}

/** A quoted tsquery operand: its lexeme as quoted (group 1) and `:*` when it is a prefix (group 2). */
export const TS_OPERAND = String.raw`'((?:[^'\\]|''|\\.)*)'(:\*)?`;

/** The lexeme inside a quoted operand: tsLexeme's quoting undone. */
export function unquoteLexeme(quoted: string): string {
  return quoted.replaceAll("''", "'").replace(/\\(.)/g, '$1');
}

/** Joins tsquery operands; empty parts are skipped, a single one needs no parentheses. */
export function tsJoin(parts: readonly string[], op: '|' | '&'): string {
  const kept = [...new Set(parts.filter((p) => p.length > 0))];
  if (kept.length <= 1) return kept[0] ?? '';
  return `(${kept.join(` ${op} `)})`;
}
