import type { PersonTags, PersonTagsInput } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { titleFrequencies } from './title-frequencies.ts';
import { topicTerms } from './topic-terms.ts';

type Db = Kysely<DB>;
const NO_SPACE = '00000000-0000-0000-0000-000000000000';
const SUGGESTED_MAX = 6;
/** Where a word stands says how much it tells about someone's topic. */
const WEIGHT = { title: 2, step: 2, heading: 1 } as const;

interface Term {
  display: string;
  weight: number;
  sources: Set<string>;
}

/**
 * Expertise suggested from what people wrote: the distinctive nouns of the titles and headings
 * of the pages they wrote on and of the steps they answer for. A word counts when it comes from
 * at least two places (two pages, a page and a step) and is rare across the town's page titles,
 * so "Antrag" in half of all titles suggests nothing. Only from what the caller can read.
 */
export async function suggestedTags(db: Db, userIds: readonly string[], readable: readonly string[] | 'all'): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const spaces = readable === 'all' ? null : readable.length ? [...readable] : [NO_SPACE];
  const pages = await db
    .selectFrom('page_contributors as pc')
    .innerJoin('pages as p', 'p.id', 'pc.page_id')
    .leftJoin('search_documents as d', 'd.page_id', 'p.id')
    .select(['pc.user_id', 'p.id', 'p.title', 'd.headings'])
    .where('pc.user_id', 'in', [...userIds])
    .where('p.archived_at', 'is', null)
    .$if(spaces !== null, (qb) => qb.where('p.space_id', 'in', spaces!))
    .execute();
  const steps = await db
    .selectFrom('process_step_contacts as c')
    .innerJoin('process_steps as st', (j) => j.onRef('st.process_id', '=', 'c.process_id').onRef('st.element_id', '=', 'c.element_id'))
    .innerJoin('processes as pr', 'pr.id', 'c.process_id')
    .select(['c.user_id', 'c.process_id', 'c.element_id', 'st.name'])
    .where('c.user_id', 'in', [...userIds])
    .where('pr.archived_at', 'is', null)
    .where('st.removed_in_version', 'is', null)
    .$if(spaces !== null, (qb) => qb.where('pr.space_id', 'in', spaces!))
    .execute();

  const perUser = new Map<string, Map<string, Term>>();
  const count = (userId: string, text: string | null, weight: number, source: string) => {
    const terms = perUser.get(userId) ?? new Map<string, Term>();
    perUser.set(userId, terms);
    for (const word of topicTerms(text ?? '')) {
      const key = word.toLocaleLowerCase('de');
      const term = terms.get(key) ?? { display: word, weight: 0, sources: new Set<string>() };
      if (!term.sources.has(source)) term.weight += weight;
      term.sources.add(source);
      terms.set(key, term);
    }
  };
  for (const p of pages) {
    count(p.user_id, p.title, WEIGHT.title, `page:${p.id}`);
    count(p.user_id, p.headings, WEIGHT.heading, `page:${p.id}`);
  }
  for (const s of steps) count(s.user_id, s.name, WEIGHT.step, `step:${s.process_id}/${s.element_id}`);

  const { total, frequency } = await titleFrequencies(db);
  for (const [userId, terms] of perUser) {
    const ranked = [...terms.entries()]
      .filter(([key, term]) => term.sources.size >= 2 && (frequency.get(key) ?? 0) <= Math.max(2, total * 0.2))
      .map(([key, term]) => ({ display: term.display, score: term.weight * Math.log((total + 1) / ((frequency.get(key) ?? 0) + 1) + 1) }))
      .sort((a, b) => b.score - a.score || a.display.localeCompare(b.display, 'de'))
      .slice(0, SUGGESTED_MAX)
      .map((t) => t.display);
    result.set(userId, ranked);
  }
  return result;
}

export async function declaredTags(db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const rows = await db.selectFrom('person_tags').select(['user_id', 'tag']).where('user_id', 'in', [...userIds]).orderBy('position').execute();
  for (const r of rows) result.get(r.user_id)!.push(r.tag);
  return result;
}

export async function hiddenTags(db: Db, userIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>(userIds.map((id) => [id, new Set<string>()]));
  if (userIds.length === 0) return result;
  const rows = await db.selectFrom('person_hidden_tags').select(['user_id', 'tag']).where('user_id', 'in', [...userIds]).execute();
  for (const r of rows) result.get(r.user_id)!.add(r.tag.toLocaleLowerCase('de'));
  return result;
}

/** The tags shown for people: declared first, then the suggestions they did not hide and did not declare. */
export async function visibleTags(db: Db, userIds: readonly string[], readable: readonly string[] | 'all') {
  const [declared, suggested, hidden] = await Promise.all([declaredTags(db, userIds), suggestedTags(db, userIds, readable), hiddenTags(db, userIds)]);
  const result = new Map<string, { tag: string; source: 'declared' | 'suggested' }[]>();
  for (const id of userIds) {
    const own = declared.get(id) ?? [];
    const taken = new Set(own.map((t) => t.toLocaleLowerCase('de')));
    const hiddenOnes = hidden.get(id) ?? new Set<string>();
    const offered = (suggested.get(id) ?? []).filter((t) => !taken.has(t.toLocaleLowerCase('de')) && !hiddenOnes.has(t.toLocaleLowerCase('de')));
    result.set(id, [...own.map((tag) => ({ tag, source: 'declared' as const })), ...offered.map((tag) => ({ tag, source: 'suggested' as const }))]);
  }
  return { tags: result, suggested, hidden };
}

const uniqueTags = (tags: readonly string[]) => {
  const seen = new Set<string>();
  return tags.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => {
    const key = t.toLocaleLowerCase('de');
    if (!t || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Replaces the caller's own declared and hidden tags; answers with what their page now shows them. */
export async function saveOwnTags(db: Db, userId: string, input: PersonTagsInput, readable: readonly string[] | 'all'): Promise<PersonTags> {
  const declared = uniqueTags(input.declared);
  const hidden = uniqueTags(input.hidden);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('person_tags').where('user_id', '=', userId).execute();
    await trx.deleteFrom('person_hidden_tags').where('user_id', '=', userId).execute();
    if (declared.length) await trx.insertInto('person_tags').values(declared.map((tag, position) => ({ user_id: userId, tag, position }))).execute();
    if (hidden.length) await trx.insertInto('person_hidden_tags').values(hidden.map((tag) => ({ user_id: userId, tag }))).execute();
  });
  return ownTags(db, userId, readable);
}

/** Suggestions only from what they still read (a space they left does not speak for them). */
export async function ownTags(db: Db, userId: string, readable: readonly string[] | 'all'): Promise<PersonTags> {
  const [declared, suggested, hidden] = await Promise.all([declaredTags(db, [userId]), suggestedTags(db, [userId], readable), db.selectFrom('person_hidden_tags').select('tag').where('user_id', '=', userId).orderBy('tag').execute()]);
  return { declared: declared.get(userId) ?? [], suggested: suggested.get(userId) ?? [], hidden: hidden.map((h) => h.tag) };
}
