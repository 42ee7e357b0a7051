import type { Person } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { visibleTags } from './expertise-tags.ts';

/**
 * A person page: their role, the offices (spaces) they belong to, the steps they are a contact
 * for and the pages they wrote most — each only as far as the caller can read it. The planned
 * departure is for knowledge managers and admins (it is personnel information).
 */
export async function personDetail(db: Kysely<DB>, userId: string, readable: readonly string[] | 'all', seesDepartures: boolean, isSelf = false): Promise<Person | null> {
  const user = await db.selectFrom('users').select(['id', 'display_name', 'role', 'active', 'planned_departure_date']).where('id', '=', userId).executeTakeFirst();
  if (!user) return null;
  const spaces = readable === 'all' ? null : readable.length ? [...readable] : ['00000000-0000-0000-0000-000000000000'];
  const offices = await db
    .selectFrom('space_members as m')
    .innerJoin('spaces as s', 's.id', 'm.space_id')
    .select(['s.id', 's.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('s.archived_at', 'is', null)
    .$if(spaces !== null, (qb) => qb.where('s.id', 'in', spaces!))
    .orderBy('s.name')
    .execute();
  const steps = await db
    .selectFrom('process_step_contacts as c')
    .innerJoin('process_steps as st', (j) => j.onRef('st.process_id', '=', 'c.process_id').onRef('st.element_id', '=', 'c.element_id'))
    .innerJoin('processes as p', 'p.id', 'c.process_id')
    .select(['c.process_id', 'p.name as process_name', 'c.element_id', 'st.name'])
    .where('c.user_id', '=', userId)
    .where('p.archived_at', 'is', null)
    .where('st.removed_in_version', 'is', null)
    .$if(spaces !== null, (qb) => qb.where('p.space_id', 'in', spaces!))
    .orderBy('p.name')
    .orderBy('st.position')
    .execute();
  const pages = await db
    .selectFrom('page_contributors as pc')
    .innerJoin('pages as pg', 'pg.id', 'pc.page_id')
    .innerJoin('spaces as s', 's.id', 'pg.space_id')
    .select(['pg.id', 'pg.title', 's.name as space_name', 'pc.edit_count'])
    .where('pc.user_id', '=', userId)
    .where('pg.archived_at', 'is', null)
    .$if(spaces !== null, (qb) => qb.where('pg.space_id', 'in', spaces!))
    .orderBy('pc.edit_count', 'desc')
    .orderBy('pg.title')
    .limit(10)
    .execute();
  const { tags, suggested, hidden } = await visibleTags(db, [userId], readable);
  const hiddenOnes = hidden.get(userId) ?? new Set<string>();
  return {
    id: user.id,
    displayName: user.display_name,
    role: user.role,
    active: user.active,
    offices: offices.map((o) => ({ spaceId: o.id, name: o.name, role: o.role })),
    steps: steps.map((s) => ({ processId: s.process_id, processName: s.process_name, elementId: s.element_id, name: s.name })),
    pages: pages.map((p) => ({ id: p.id, title: p.title, spaceName: p.space_name, edits: Number(p.edit_count) })),
    tags: tags.get(userId) ?? [],
    hiddenTags: isSelf ? (suggested.get(userId) ?? []).filter((t) => hiddenOnes.has(t.toLocaleLowerCase('de'))) : [],
    plannedDeparture: seesDepartures ? user.planned_departure_date : null,
  };
}
