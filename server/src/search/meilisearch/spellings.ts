import { umlautVariant } from '../german/text.ts';

/**
 * People type umlauts and ß as ae/oe/ue/ss ("Gruenflaeche", "Massstab"). Meilisearch folds
 * ä to a by itself, but does not know ae. Each document therefore carries the transliterated
 * spellings of its words with umlauts or ß in a low-ranked attribute, so such a query meets the
 * page. Only the document side is rewritten: words like "Dauer" or "Mauer" stay as they are.
 * The reverse too: a word a page writes with ae/oe/ue ("Fuehrungszeugnis") is carried in its
 * umlaut spelling, as the PostgreSQL backend indexes it (german/text.ts `spellingVariants`).
 */
const FOLD: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ẞ: 'SS' };
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_WORDS = 5000;

export function alternateSpellings(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(WORD)) {
      if (/[äöüßÄÖÜẞ]/.test(m[0])) out.add(m[0].replace(/[äöüßÄÖÜẞ]/g, (c) => FOLD[c]!).toLowerCase());
      else if (m[0].length >= 4 && /[aouAOU][eE]/.test(m[0])) {
        const v = umlautVariant(m[0].toLowerCase());
        if (v) out.add(v);
      }
      if (out.size >= MAX_WORDS) return [...out];
    }
  }
  return [...out];
}
