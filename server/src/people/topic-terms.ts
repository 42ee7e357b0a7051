/**
 * The words of a title, heading or step name that can name a topic: German nouns (capitalised),
 * at least four letters, not the handful of capitalised words that start sentences and lists.
 * "Antrag auf Sondernutzung prüfen" → ["Antrag", "Sondernutzung"].
 */
const NOT_TOPICS = new Set(
  [
    'allgemein', 'allgemeines', 'übersicht', 'hinweis', 'hinweise', 'seite', 'seiten', 'neue', 'neuer', 'neues', 'alle', 'alles',
    'dies', 'diese', 'dieser', 'dieses', 'eine', 'einer', 'eines', 'einem', 'einen', 'wann', 'wenn', 'dann', 'warum', 'welche',
    'welcher', 'welches', 'wie', 'oder', 'sowie', 'über', 'unter', 'beim', 'nach', 'durch', 'ohne', 'gegen', 'für', 'mit',
    'wird', 'werden', 'sind', 'nicht', 'auch', 'kurz', 'stand', 'version', 'entwurf', 'notizen', 'liste', 'schritt', 'schritte',
    'einleitung', 'ablauf', 'beispiel', 'beispiele', 'fragen', 'antworten', 'checkliste', 'vorlage', 'zuständigkeit', 'kontakt',
  ].map((w) => w.toLocaleLowerCase('de')),
);

export function topicTerms(text: string): string[] {
  const words = text.match(/[\p{L}][\p{L}\p{Pd}]*[\p{L}]/gu) ?? [];
  return words.filter((w) => w.length >= 4 && /^\p{Lu}/u.test(w) && !/^\p{Lu}+$/u.test(w) && !NOT_TOPICS.has(w.toLocaleLowerCase('de')));
}
