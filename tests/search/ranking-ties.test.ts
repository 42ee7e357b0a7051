import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { postgresCombinations, startSearchApp, type Combination } from './backends.ts';
import { indexed, insertPages, search } from './support.ts';

/**
 * Pages that rank the same come in the order of their titles, not of their random ids: the same
 * query gives the same list on every run and every database (issue 28, relevance suite).
 */
const BODY = 'Sperrmüll holt der Bauhof zweimal im Jahr ab. Melden Sie die Abholung zwei Wochen vorher an.';
const TITLES = ['Sperrmüll Merkblatt West', 'Sperrmüll Merkblatt Süd', 'Sperrmüll Merkblatt Ost', 'Sperrmüll Merkblatt Nord'];

describe.each(postgresCombinations)('ties in search ranking on $label', (c) => ties(c));

function ties(c: Combination) {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  const titleOf = new Map<string, string>();

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ role: 'knowledge_manager' });
    const space = await seedSpace(t.database.db, { name: 'Abfallberatung', readers: [reader] });
    // One insert: the same change time for all four, so only the title can tell them apart.
    const ids = await insertPages(t.database.db, space, TITLES.map((title) => ({ title, body: BODY })));
    ids.forEach((id, i) => titleOf.set(id, TITLES[i]!));
    await indexed(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('orders pages of equal rank by title, on every page of the results', async () => {
    const first = await search(reader, 'Sperrmüll Abholung', { limit: 2 });
    expect(first.hits.map((h) => titleOf.get(h.pageId))).toEqual(['Sperrmüll Merkblatt Nord', 'Sperrmüll Merkblatt Ost']);
    const second = await search(reader, 'Sperrmüll Abholung', { limit: 2, cursor: first.nextCursor! });
    expect(second.hits.map((h) => titleOf.get(h.pageId))).toEqual(['Sperrmüll Merkblatt Süd', 'Sperrmüll Merkblatt West']);
  });
}
