import type { Settings } from 'meilisearch';
import type { SynonymGroups } from '../synonyms.ts';

/**
 * German stop words: the Snowball list the PostgreSQL backend's `german` configuration uses,
 * plus the post-1996 spelling "dass". Without them "über" or "für" in a question match
 * nearly every page and push the words that matter down.
 */
export const GERMAN_STOP_WORDS: readonly string[] = `
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr
anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß dass derselbe derselben denselben
desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir
du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen
einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte
hatten hier hin hinter ich mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder
jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche
manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob
oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher
solches soll sollte sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor während war waren
warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo
wollen wollte würde würden zu zum zur zwar zwischen`
  .split(/\s+/)
  .filter(Boolean);

/** Order matters: a match in the title ranks above one in a heading, above one in the body. */
export const SEARCHABLE_ATTRIBUTES = ['title', 'headings', 'stepNames', 'body', 'attachmentNames', 'attachmentTexts', 'spellings'];
export const FILTERABLE_ATTRIBUTES = ['spaceId', 'processIds', 'stepKeys', 'archived', 'authorId', 'fileTypes', 'updatedAt'];
export const SORTABLE_ATTRIBUTES = ['updatedAt', 'title'];

/**
 * Meilisearch synonyms are directed (term → equivalents) and matched case-insensitively; a
 * group of equivalent terms becomes one entry per term. A term in several groups gets the
 * union, as in the PostgreSQL backend's matcher.
 */
export function synonymMap(groups: SynonymGroups): Record<string, string[]> {
  const map = new Map<string, { key: string; equivalents: Map<string, string> }>();
  for (const group of groups) {
    const terms = [...new Map(group.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean).map((t) => [t.toLowerCase(), t])).values()];
    for (const term of terms) {
      const lower = term.toLowerCase();
      let entry = map.get(lower);
      if (!entry) map.set(lower, (entry = { key: term, equivalents: new Map() }));
      for (const other of terms) if (other.toLowerCase() !== lower) entry.equivalents.set(other.toLowerCase(), other);
    }
  }
  const out: Record<string, string[]> = {};
  for (const { key, equivalents } of map.values()) if (equivalents.size > 0) out[key] = [...equivalents.values()];
  return out;
}

/** The index settings for the given effective synonym groups. */
export function indexSettings(groups: SynonymGroups): Settings {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    sortableAttributes: SORTABLE_ATTRIBUTES,
    displayedAttributes: ['pageId', 'spaceId', 'title', 'headings', 'body', 'steps', 'updatedAt', 'attachmentIds', 'attachmentNames', 'attachmentTexts'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [...GERMAN_STOP_WORDS],
    synonyms: synonymMap(groups),
    // German words are long: one typo from 4 letters, two from 8 (Meilisearch defaults 5/9).
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    // All text is German: Meilisearch picks its German segmenter (compound splitting) for it.
    localizedAttributes: [{ attributePatterns: ['*'], locales: ['deu'] }],
    faceting: { maxValuesPerFacet: 200 },
    pagination: { maxTotalHits: 1000 },
  };
}
