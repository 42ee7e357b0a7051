import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { currentCoverage } from '../../../dashboard/coverage.ts';
import { today } from '../../../reviews/review-queries.ts';

/**
 * The demo town's onboarding and knowledge gaps: Nina, new in the Bürgeramt, works through the
 * reading path Bernd built for her (the first page read); several colleagues searched in vain
 * for things nobody has written down yet, so "Gesucht, nicht gefunden" has something to show.
 * Some colleagues declared their expertise; the dashboard gets a quarter of weekly coverage
 * snapshots (made up for the demo: a steady rise to today's figure) so its chart shows a trend.
 */
type Caller = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => Promise<any>;

export const READING_PATH = {
  title: 'Einarbeitung Bürgeramt',
  by: 'bernd',
  for: 'nina',
  process: 'Wohnsitz anmelden',
  items: [
    { page: 'Checkliste Anmeldung', note: 'Der Ablauf im Überblick – zuerst lesen.' },
    { page: 'Identität prüfen: Ausweisdokumente und Sonderfälle', note: 'Die Sonderfälle kennt bisher nur Karl.' },
    { step: 'Task_Meldeschein', note: 'Schauen Sie sich den Schritt im Prozess an.' },
    { page: 'Meldeschein: Felder und typische Fehler' },
  ],
  read: [0],
} as const;

/** Expertise people declared on their person page (suggested tags come from their pages by themselves). */
export const EXPERTISE: { by: string; tags: string[] }[] = [
  { by: 'karl', tags: ['Meldewesen', 'Ausweisdokumente'] },
  { by: 'sabine', tags: ['Sondernutzung', 'Gebührenordnung'] },
  { by: 'petra', tags: ['Bauordnung', 'Bauantrag'] },
];
export const COVERAGE_WEEKS = 12;

/** Queries searched without result, each by enough different people to show in the report. */
export const GAP_SEARCHES: { q: string; by: string[] }[] = [
  { q: 'Baumfällgenehmigung Privatgrundstück', by: ['sabine', 'petra', 'olaf', 'nina'] },
  { q: 'Hundesteuer Ermäßigung', by: ['sabine', 'olaf', 'karl'] },
  { q: 'Briefwahl Vollmacht', by: ['petra', 'nina', 'karl'] },
];

export async function seedKnowledgeIii(db: Kysely<DB>, as: (key: string) => Promise<Caller>, ids: Map<string, string>, pageIds: Map<string, string>, created: Record<string, number>): Promise<void> {
  if (!(await db.selectFrom('reading_paths').select('id').where('title', '=', READING_PATH.title).executeTakeFirst())) {
    const process = await db.selectFrom('processes').select('id').where('name', '=', READING_PATH.process).executeTakeFirstOrThrow();
    const items = READING_PATH.items.map((item) =>
      'page' in item ? { pageId: pageIds.get(item.page)!, ...('note' in item ? { note: item.note } : {}) } : { processId: process.id, elementId: item.step, note: item.note },
    );
    const path = await (await as(READING_PATH.by))('POST', '/api/v1/reading-paths', { title: READING_PATH.title, items });
    await (await as(READING_PATH.by))('POST', `/api/v1/reading-paths/${path.id}/assign`, { userId: ids.get(READING_PATH.for) });
    for (const index of READING_PATH.read) await (await as(READING_PATH.for))('POST', `/api/v1/reading-paths/${path.id}/items/${index}/done`);
    created.readingPaths = (created.readingPaths ?? 0) + 1;
  }
  for (const search of GAP_SEARCHES) {
    const query = search.q.toLocaleLowerCase('de');
    if (await db.selectFrom('search_gaps').select('query').where('query', '=', query).executeTakeFirst()) continue;
    for (const key of search.by) await (await as(key))('POST', '/api/v1/search/misses', { q: search.q });
    created.knowledgeGaps = (created.knowledgeGaps ?? 0) + 1;
  }
  for (const { by, tags } of EXPERTISE) {
    if (await db.selectFrom('person_tags').select('tag').where('user_id', '=', ids.get(by)!).executeTakeFirst()) continue;
    await (await as(by))('PUT', '/api/v1/people/me/tags', { declared: tags, hidden: [] });
    created.expertiseTags = (created.expertiseTags ?? 0) + 1;
  }
  await seedCoverageHistory(db, created);
}

/** Weekly snapshots of the last quarter, rising to today's coverage; only where no history exists. */
async function seedCoverageHistory(db: Kysely<DB>, created: Record<string, number>): Promise<void> {
  const now = new Date();
  if (await db.selectFrom('coverage_snapshots').select('day').where('day', '<', today(now)).executeTakeFirst()) return;
  const { steps, documented } = await currentCoverage(db);
  for (let week = COVERAGE_WEEKS; week >= 1; week -= 1) {
    const day = today(new Date(now.getTime() - week * 7 * 86_400_000));
    await db.insertInto('coverage_snapshots').values({ day, steps, documented: Math.max(0, documented - Math.ceil(week / 3)) }).onConflict((oc) => oc.column('day').doNothing()).execute();
    created.coverageSnapshots = (created.coverageSnapshots ?? 0) + 1;
  }
}
