import type { KnowledgeGap } from '@stafette/api';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * "Gesucht, nicht gefunden": queries enough different people searched without result, with
 * their searches in the last `days` days (per week), the spaces searched in that the viewer
 * reads, and the page written for it, if any. Most searched first.
 */
export async function knowledgeGaps(db: Kysely<DB>, days: number, readable: readonly string[] | 'all', now = new Date()): Promise<KnowledgeGap[]> {
  const since = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('search_gaps as g')
    .innerJoin('search_gap_days as d', 'd.query', 'g.query')
    .select([
      'g.query',
      'g.last_searched_at',
      'g.page_id',
      sql<string>`to_char(date_trunc('week', d.day::timestamp), 'YYYY-MM-DD')`.as('week'),
      (eb) => eb.fn.sum<string>('d.no_hits').as('no_hits'),
      (eb) => eb.fn.sum<string>('d.no_click').as('no_click'),
    ])
    .where('g.shown_since', 'is not', null)
    .where('d.day', '>=', since)
    .groupBy(['g.query', 'g.last_searched_at', 'g.page_id', sql`date_trunc('week', d.day::timestamp)`])
    .execute();
  const gaps = new Map<string, KnowledgeGap>();
  for (const row of rows) {
    const gap =
      gaps.get(row.query) ??
      ({ query: row.query, count: 0, noHits: 0, noClick: 0, lastSearched: row.last_searched_at.toISOString(), weeks: [], spaces: [], pageId: row.page_id } satisfies KnowledgeGap);
    const noHits = Number(row.no_hits);
    const noClick = Number(row.no_click);
    gap.noHits += noHits;
    gap.noClick += noClick;
    gap.count += noHits + noClick;
    gap.weeks.push({ week: row.week, count: noHits + noClick });
    gaps.set(row.query, gap);
  }
  const queries = [...gaps.keys()];
  if (queries.length > 0) {
    let spaces = db
      .selectFrom('search_gap_spaces as s')
      .innerJoin('spaces as sp', 'sp.id', 's.space_id')
      .select(['s.query', 's.space_id', 'sp.name', 's.searches'])
      .where('s.query', 'in', queries)
      .orderBy('s.searches', 'desc')
      .orderBy('sp.name');
    if (readable !== 'all') spaces = spaces.where('s.space_id', 'in', readable.length ? [...readable] : ['00000000-0000-0000-0000-000000000000']);
    for (const s of await spaces.execute()) gaps.get(s.query)!.spaces.push({ id: s.space_id, name: s.name, count: s.searches });
  }
  const list = [...gaps.values()];
  for (const gap of list) gap.weeks.sort((a, b) => a.week.localeCompare(b.week));
  return list.sort((a, b) => b.count - a.count || b.lastSearched.localeCompare(a.lastSearched) || a.query.localeCompare(b.query, 'de'));
}
