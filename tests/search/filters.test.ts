import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, startSearchApp, type Combination } from './backends.ts';
import { indexed, insertPages, search } from './support.ts';

/**
 * Issue 28 filters on GET /search: classification, author, changed since, file type, sort by
 * date, and the hit count per value of each (facets) over all hits, not only the page shown.
 */
const PAGES = [
  { title: 'Wohngeld beantragen', body: 'Den Antrag auf Wohngeld stellen Mieter bei der Wohngeldstelle. Einkommensnachweise beifügen.' },
  { title: 'Wohngeld Checkliste', body: 'Checkliste für die Bearbeitung von Wohngeld: Mietvertrag, Einkommen, Haushaltsgröße.' },
  { title: 'Wohngeld Bescheidvorlagen', body: 'Vorlagen für Bescheide über Wohngeld, intern abgestimmt mit dem Rechtsamt.' },
  { title: 'Wohngeld Statistik', body: 'Monatliche Zahlen zum Wohngeld: Anträge, Bewilligungen, Ablehnungen.' },
];

reportMeiliSkip('search filters');
describe.each(postgresCombinations)('search filters on $label', (c) => filters(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('search filters on $label', (c) => filters(c));

function filters(c: Combination) {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  let anna: TestUser;
  let bernd: TestUser;
  const id: Record<string, string> = {};
  const titles = async (params: Record<string, string | number>) => (await search(reader, 'Wohngeld', { limit: 20, ...params })).hits.map((h) => h.title);

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ role: 'user' });
    anna = (await t.userClient({ displayName: 'Anna Antrag' })).user;
    bernd = (await t.userClient({ displayName: 'Bernd Bescheid' })).user;
    const space = await seedSpace(t.database.db, { name: 'Sozialamt', readers: [reader] });
    const ids = await insertPages(t.database.db, space, PAGES);
    [id.antrag, id.checkliste, id.vorlagen, id.statistik] = ids;
    const db = t.database.db;
    await db.updateTable('pages').set({ created_by: anna.id, content_updated_at: new Date('2026-03-01T10:00:00Z') }).where('id', 'in', [id.antrag!, id.checkliste!]).execute();
    await db.updateTable('pages').set({ created_by: bernd.id, content_updated_at: new Date('2025-01-15T10:00:00Z') }).where('id', '=', id.vorlagen!).execute();
    await db.updateTable('pages').set({ content_updated_at: new Date('2026-05-20T10:00:00Z') }).where('id', '=', id.statistik!).execute();
    // A sub-page inherits its parent's raised level: the filter uses the effective level.
    await db.updateTable('pages').set({ classification: 'vertraulich' }).where('id', '=', id.vorlagen!).execute();
    await db.updateTable('pages').set({ parent_id: id.vorlagen! }).where('id', '=', id.statistik!).execute();
    for (const [pageId, name, type] of [
      [id.antrag!, 'Antragsformular.pdf', 'application/pdf'],
      [id.checkliste!, 'Checkliste.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [id.checkliste!, 'Muster.pdf', 'application/pdf'],
      [id.statistik!, 'Diagramm.png', 'image/png'],
    ] as const) {
      const sha256 = createHash('sha256').update(name).digest('hex');
      await db.insertInto('file_blobs').values({ sha256, size: 10 }).onConflict((oc) => oc.doNothing()).execute();
      const file = await db.insertInto('attachments').values({ page_id: pageId, sha256, name, type, size: 10 }).returning('id').executeTakeFirstOrThrow();
      // Its text counts as read already: the filters look at the kind of file, not its text.
      await db.insertInto('attachment_texts').values({ attachment_id: file.id, sha256, status: 'ok', reason: null, text: name }).execute();
    }
    await indexed(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('counts the hits per level, author and file type over all hits', async () => {
    const { facets, hits } = await search(reader, 'Wohngeld', { limit: 1 });
    expect(hits).toHaveLength(1);
    // Meilisearch counts authors and files itself; the level is not in its copy (checked against the database).
    if (c.search === 'postgres') expect(facets.classifications?.find((f) => f.key === 'vertraulich')?.count).toBe(2);
    if (c.search === 'postgres') expect(facets.classifications?.reduce((sum, f) => sum + f.count, 0)).toBe(4);
    expect(facets.authors).toEqual([
      { id: anna.id, name: 'Anna Antrag', count: 2 },
      { id: bernd.id, name: 'Bernd Bescheid', count: 1 },
    ]);
    expect(facets.fileTypes).toEqual([
      { key: 'pdf', count: 2 },
      { key: 'image', count: 1 },
      { key: 'spreadsheet', count: 1 },
    ]);
  });

  it('filters by the effective classification level (a sub-page inherits it)', async () => {
    expect((await titles({ classification: 'vertraulich' })).sort()).toEqual(['Wohngeld Bescheidvorlagen', 'Wohngeld Statistik']);
  });

  it('filters by author, by date of change and by file type', async () => {
    expect((await titles({ authorId: anna.id })).sort()).toEqual(['Wohngeld Checkliste', 'Wohngeld beantragen']);
    expect((await titles({ changedSince: '2026-01-01' })).sort()).toEqual(['Wohngeld Checkliste', 'Wohngeld Statistik', 'Wohngeld beantragen']);
    expect((await titles({ fileType: 'pdf' })).sort()).toEqual(['Wohngeld Checkliste', 'Wohngeld beantragen']);
    expect(await titles({ fileType: 'image' })).toEqual(['Wohngeld Statistik']);
    expect(await titles({ fileType: 'presentation' })).toEqual([]);
    // Filters combine; the facets then count within the narrowed hits.
    const narrowed = await search(reader, 'Wohngeld', { authorId: anna.id, fileType: 'spreadsheet' });
    expect(narrowed.hits.map((h) => h.title)).toEqual(['Wohngeld Checkliste']);
    expect(narrowed.facets.authors).toEqual([{ id: anna.id, name: 'Anna Antrag', count: 1 }]);
  });

  it('sorts by date of change, newest first, and pages through it', async () => {
    const newestFirst = await titles({ sort: 'date' });
    expect(newestFirst[0]).toBe('Wohngeld Statistik');
    expect(newestFirst.slice(1, 3).sort()).toEqual(['Wohngeld Checkliste', 'Wohngeld beantragen']);
    expect(newestFirst[3]).toBe('Wohngeld Bescheidvorlagen');
    const first = await search(reader, 'Wohngeld', { sort: 'date', limit: 1 });
    expect(first.hits[0]!.title).toBe('Wohngeld Statistik');
    const second = await search(reader, 'Wohngeld', { sort: 'date', limit: 1, cursor: first.nextCursor! });
    expect(['Wohngeld Checkliste', 'Wohngeld beantragen']).toContain(second.hits[0]!.title);
    // A cursor of the relevance order is not one of the date order.
    const byRelevance = await search(reader, 'Wohngeld', { limit: 1 });
    const res = await reader.get(`/api/v1/search?q=Wohngeld&sort=date&cursor=${byRelevance.nextCursor}`);
    expect(res.statusCode).toBe(400);
  });

  it('refuses a bad filter value as a problem', async () => {
    for (const bad of ['fileType=exe', 'classification=geheim', 'changedSince=gestern', 'authorId=anna', 'sort=alpha']) {
      const res = await reader.get(`/api/v1/search?q=Wohngeld&${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
}
