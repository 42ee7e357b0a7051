import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highlighter } from '../../server/src/search/postgres/highlight.ts';
import { MARK_END, MARK_START } from '../../server/src/search/marks.ts';
import { tsLexeme } from '../../server/src/search/german/text.ts';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { loadCorpus, markdownParts } from './support.ts';

/**
 * The PostgreSQL backend marks a snippet's matching words itself instead of asking ts_headline
 * (a round trip per search). It must mark exactly the words ts_headline marks: checked against
 * the database on every paragraph of the German test corpus, for queries of the shapes the
 * planner makes (exact lexemes, typed prefixes, split compounds ANDed, umlaut and ß words).
 */
const QUERY_WORDS: { exact: string[]; prefixes?: string[]; and?: string[] }[] = [
  { exact: ['Antrag', 'Anträge', 'beantragen'] },
  { exact: ['Gebühren', 'Kosten'], prefixes: ['gebuhrenverz'] },
  { exact: ['Straße', 'Hund'], and: ['Sport', 'Halle'] },
  { exact: ['Wohnsitz', 'abmelden', 'Deutschland'] },
  { exact: ['Satzung', 'Gemeinde', 'Bürgermeister'], prefixes: ['aufenth', 'fuhrersch'] },
  { exact: ['2024', 'Jahr', 'Personalausweis', 'Öffnungszeiten'] },
];

/**
 * The one difference, on purpose: PostgreSQL's parser reads a word at a "/" or joined to the
 * next by "." or "@" ("Gemeinde/Stadt", "€/Jahr", "24.10.2024") as part of one token (a path, a
 * date, a host) with no stem, so ts_headline marks nothing there; ours marks the word. Compared
 * without those marks.
 */
const JOINED_WORD = new RegExp(`${MARK_START}([^${MARK_END}]*)${MARK_END}(?=[.@][\\p{L}\\p{N}]|/)|(?<=[\\p{L}\\p{N}][.@]|/)${MARK_START}([^${MARK_END}]*)${MARK_END}`, 'gu');
const joinedWordsUnmarked = (text: string) => text.replace(JOINED_WORD, '$1$2');

describe.each(backends)('snippet highlighting on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  }, 60_000);
  afterAll(() => database?.drop());

  /** A tsquery of the planner's shape from words, their lexemes as the database makes them. */
  async function tsquery(words: (typeof QUERY_WORDS)[number]): Promise<string> {
    const lexemes = async (list: string[]) =>
      (await sql<{ l: string }>`SELECT unnest(tsvector_to_array(to_tsvector('german', w))) AS l FROM unnest(${list}::text[]) w`.execute(database.db)).rows.map((r) => r.l);
    const parts = (await lexemes(words.exact)).map((l) => tsLexeme(l));
    parts.push(...(words.prefixes ?? []).map((p) => tsLexeme(p, true)));
    if (words.and) parts.push(`(${(await lexemes(words.and)).map((l) => tsLexeme(l)).join(' & ')})`);
    return parts.join(' | ');
  }

  it('marks the same words as ts_headline in every paragraph of the German corpus', async () => {
    const paragraphs = loadCorpus().flatMap((d) => [d.title, ...markdownParts(d.body).text.split('\n')]);
    let marked = 0;
    for (const words of QUERY_WORDS) {
      const q = await tsquery(words);
      const { rows } = await sql<{ h: string }>`
        SELECT ts_headline('german', p, ${q}::tsquery, ${`StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`}) AS h
        FROM unnest(${paragraphs}::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n`.execute(database.db);
      const mark = highlighter(q);
      const differing = paragraphs.map((p, i) => ({ ours: joinedWordsUnmarked(mark(p)), theirs: rows[i]!.h })).filter((c) => c.ours !== c.theirs);
      expect(differing.slice(0, 3), q).toEqual([]);
      marked += rows.filter((r) => r.h.includes(MARK_START)).length;
    }
    // The comparison means something only where there is something to mark.
    expect(marked).toBeGreaterThan(500);
  }, 120_000);

  // The stemmer's time grows with the square of a word's length: a 200,000-letter run took 3.2 s.
  it('marks a word longer than any German word by a typed prefix only, without stemming it', () => {
    const long = `Gebühren${'x'.repeat(200_000)}`;
    expect(highlighter(`'gebuhr':*`)(`Die ${long} gilt`)).toBe(`Die ${MARK_START}${long}${MARK_END} gilt`);
    expect(highlighter(`'gebuhr'`)(`Die ${long} gilt`)).toBe(`Die ${long} gilt`);
  });

  it('drops marks that the text itself holds', () => {
    expect(highlighter(`'antrag'`)(`Der ${MARK_START}Antrag ${MARK_END}kommt`)).toBe(`Der ${MARK_START}Antrag${MARK_END} kommt`);
  });
});
