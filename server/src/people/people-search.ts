import type { PeopleResult, PersonEvidence } from '@stafette/api';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { SearchUnavailableError, type SearchBackend } from '../search/backend.ts';
import { visibleTags } from './expertise-tags.ts';

type Db = Kysely<DB>;

/**
 * Who knows about something: people whose name matches, who wrote the pages a topic search
 * finds, who are contacts for matching steps (or steps those pages are attached to) and who own
 * matching processes, and whose expertise tags match (declared ones for anyone; suggested ones,
 * unless hidden, for those the other evidence found). Ranked by the evidence, never by how much anyone works: the score only
 * says how well the evidence fits the question. Only active accounts, only what the caller reads.
 */
const WEIGHT = { name: 10, declaredTag: 8, suggestedTag: 3, stepByName: 6, stepOfPage: 4, process: 3, pageBase: 2, pageShare: 3 } as const;
const EVIDENCE_PER_PERSON = 5;
const LIMIT = 20;

interface Candidate {
  id: string;
  displayName: string;
  score: number;
  evidence: PersonEvidence[];
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchPeople(db: Db, backend: SearchBackend, q: string, readable: readonly string[] | 'all'): Promise<PeopleResult> {
  const people = new Map<string, Candidate>();
  const add = (id: string, displayName: string, score: number, evidence: PersonEvidence) => {
    const person = people.get(id) ?? { id, displayName, score: 0, evidence: [] };
    person.score += score;
    const keyOf = (e: PersonEvidence) => `${e.kind}/${e.pageId ?? ''}/${e.processId ?? ''}/${e.elementId ?? ''}/${e.kind === 'tag' ? e.title.toLocaleLowerCase('de') : ''}`;
    if (!person.evidence.some((e) => keyOf(e) === keyOf(evidence))) person.evidence.push(evidence);
    people.set(id, person);
  };
  const spaces = readable === 'all' ? null : readable.length ? [...readable] : ['00000000-0000-0000-0000-000000000000'];
  const pattern = like(q.trim());

  const named = await db.selectFrom('users').select(['id', 'display_name']).where('active', '=', true).where('display_name', 'ilike', pattern).limit(LIMIT).execute();
  for (const u of named) add(u.id, u.display_name, WEIGHT.name, { kind: 'name', title: u.display_name, pageId: null, processId: null, elementId: null });

  // Declared tags: the tag contains the question, or the question names the tag ("Wer kennt sich mit Sondernutzung aus?").
  const question = q.trim().toLocaleLowerCase('de');
  const tagged = await db
    .selectFrom('person_tags as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.display_name', 't.tag'])
    .where('u.active', '=', true)
    .where((eb) => eb.or([eb('t.tag', 'ilike', pattern), eb.and([eb(sql`char_length(t.tag)`, '>=', 3), eb(sql.lit(0), '<', sql<number>`strpos(${question}, lower(t.tag))`)])]))
    .limit(LIMIT * 5)
    .execute();
  for (const t of tagged) add(t.id, t.display_name, WEIGHT.declaredTag, { kind: 'tag', title: t.tag, pageId: null, processId: null, elementId: null });

  // Steps named like the question: their contacts.
  const steps = await db
      .selectFrom('process_step_contacts as c')
      .innerJoin('process_steps as st', (j) => j.onRef('st.process_id', '=', 'c.process_id').onRef('st.element_id', '=', 'c.element_id'))
      .innerJoin('processes as p', 'p.id', 'c.process_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.id', 'u.display_name', 'c.process_id', 'c.element_id', 'st.name', 'p.name as process_name'])
      .where('u.active', '=', true)
      .where('p.archived_at', 'is', null)
      .where('st.removed_in_version', 'is', null)
      .where((eb) => eb.or([eb('st.name', 'ilike', pattern), eb('p.name', 'ilike', pattern)]))
      .$if(spaces !== null, (qb) => qb.where('p.space_id', 'in', spaces!))
      .execute();
  for (const s of steps) add(s.id, s.display_name, WEIGHT.stepByName, { kind: 'step', title: `${s.name ?? s.element_id} (${s.process_name})`, pageId: null, processId: s.process_id, elementId: s.element_id });

  const owners = await db
      .selectFrom('processes as p')
      .innerJoin('users as u', 'u.id', 'p.owner_id')
      .select(['u.id', 'u.display_name', 'p.id as process_id', 'p.name'])
      .where('u.active', '=', true)
      .where('p.archived_at', 'is', null)
      .where('p.name', 'ilike', pattern)
      .$if(spaces !== null, (qb) => qb.where('p.space_id', 'in', spaces!))
      .execute();
  for (const o of owners) add(o.id, o.display_name, WEIGHT.process, { kind: 'process', title: o.name, pageId: null, processId: o.process_id, elementId: null });

  // The pages a topic search finds: their authors by share of the edits, and the contacts of the steps they document.
  let hits: { pageId: string; title: string }[] = [];
  try {
    hits = (await backend.search({ q, readable, limit: LIMIT })).hits;
  } catch (err) {
    if (!(err instanceof SearchUnavailableError)) throw err;
  }
  if (hits.length > 0) {
    const pageIds = hits.map((h) => h.pageId);
    const titles = new Map(hits.map((h) => [h.pageId, h.title]));
    const authors = await db
      .selectFrom('page_contributors as pc')
      .innerJoin('users as u', 'u.id', 'pc.user_id')
      .select(['pc.page_id', 'u.id', 'u.display_name', 'pc.edit_count', sql<number>`sum(pc.edit_count) over (partition by pc.page_id)`.as('page_edits')])
      .where('pc.page_id', 'in', pageIds)
      .where('u.active', '=', true)
      .execute();
    for (const a of authors) {
      const share = Number(a.page_edits) > 0 ? Number(a.edit_count) / Number(a.page_edits) : 0;
      add(a.id, a.display_name, WEIGHT.pageBase + WEIGHT.pageShare * share, { kind: 'page', title: titles.get(a.page_id) ?? '', pageId: a.page_id, processId: null, elementId: null });
    }
    const contacts = await db
      .selectFrom('process_step_pages as sp')
      .innerJoin('process_step_contacts as c', (j) => j.onRef('c.process_id', '=', 'sp.process_id').onRef('c.element_id', '=', 'sp.element_id'))
      .innerJoin('process_steps as st', (j) => j.onRef('st.process_id', '=', 'c.process_id').onRef('st.element_id', '=', 'c.element_id'))
      .innerJoin('processes as p', 'p.id', 'c.process_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.id', 'u.display_name', 'c.process_id', 'c.element_id', 'st.name', 'p.name as process_name'])
      .where('sp.page_id', 'in', pageIds)
      .where('u.active', '=', true)
      .where('p.archived_at', 'is', null)
      .$if(spaces !== null, (qb) => qb.where('p.space_id', 'in', spaces!))
      .execute();
    for (const s of contacts) add(s.id, s.display_name, WEIGHT.stepOfPage, { kind: 'step', title: `${s.name ?? s.element_id} (${s.process_name})`, pageId: null, processId: s.process_id, elementId: s.element_id });
  }

  // Suggested tags of those found (they come from the same pages and steps, so nobody else has them).
  const { tags } = await visibleTags(db, [...people.keys()], readable);
  for (const [id, own] of tags) {
    for (const t of own) {
      const tag = t.tag.toLocaleLowerCase('de');
      if (t.source === 'suggested' && (tag.includes(question) || question.includes(tag))) add(id, people.get(id)!.displayName, WEIGHT.suggestedTag, { kind: 'tag', title: t.tag, pageId: null, processId: null, elementId: null });
    }
  }

  const items = [...people.values()]
    .map((p) => ({ ...p, score: Math.round(p.score * 10) / 10, evidence: p.evidence.slice(0, EVIDENCE_PER_PERSON) }))
    .sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName, 'de'))
    .slice(0, LIMIT);
  return { items };
}
