import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages, search, settled } from './support.ts';
import { postgresCombinations, startSearchApp } from './backends.ts';

/**
 * The PostgreSQL backend keeps the plans of recent queries (stems, word counts, typo corrections
 * from the vocabulary) while the vocabulary stands still. A page that brings a new word changes
 * what a query means at once: in this app, and in another instance that searched before.
 */
describe.each(postgresCombinations)('kept query plans on $label', (c) => {
  let t: TestApp;
  let reader: Awaited<ReturnType<TestApp['userClient']>>;
  let spaceId: string;

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient();
    spaceId = await seedSpace(t.database.db, { name: 'Bauamt', readers: [reader] });
    await insertPages(t.database.db, spaceId, [{ title: 'Öffnungszeiten des Bauamts', body: 'Das Bauamt ist montags bis freitags geöffnet.' }]);
    await settled(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('corrects a typo to a word that a page indexed after the first search brought', async () => {
    expect((await search(reader, 'Baugenemigung')).hits).toEqual([]);
    // Another instance of the app (its own backend and kept plans) searched the same words before.
    const other = new PostgresSearchBackend(t.database.db, new SynonymStore(t.database.db));
    expect((await other.search({ q: 'Baugenemigung', readable: [spaceId], limit: 20 })).hits).toEqual([]);

    await insertPages(t.database.db, spaceId, [{ title: 'Baugenehmigung beantragen', body: 'Die Baugenehmigung erteilt das Bauamt.' }]);
    await settled(t);

    expect((await search(reader, 'Baugenemigung')).hits.map((h) => h.title)).toEqual(['Baugenehmigung beantragen']);
    expect((await other.search({ q: 'Baugenemigung', readable: [spaceId], limit: 20 })).hits.map((h) => h.title)).toEqual(['Baugenehmigung beantragen']);
  });

  // A kept plan runs without reading the version first; the statement reads it and a result
  // under an old version is thrown away (here the plan found hits, so no empty-result path).
  it('makes the plan again when a kept plan that found hits meets a new word', async () => {
    await insertPages(t.database.db, spaceId, [{ title: 'Sprechzeiten des Ordnungsamts', body: 'Das Ordnungsamt berät dienstags.' }]);
    await settled(t);
    const other = new PostgresSearchBackend(t.database.db, new SynonymStore(t.database.db));
    const q = 'Gewerbeanmeldng Ordnungsamt';
    for (let i = 0; i < 2; i++) {
      expect((await search(reader, q)).hits.map((h) => h.title)).toEqual(['Sprechzeiten des Ordnungsamts']);
      expect((await other.search({ q, readable: [spaceId], limit: 20 })).hits.map((h) => h.title)).toEqual(['Sprechzeiten des Ordnungsamts']);
    }

    await insertPages(t.database.db, spaceId, [{ title: 'Gewerbeanmeldung', body: 'Die Gewerbeanmeldung nimmt das Ordnungsamt entgegen.' }]);
    await settled(t);

    for (const result of [await search(reader, q), await other.search({ q, readable: [spaceId], limit: 20 })]) {
      expect(result.hits.map((h) => h.title)).toEqual(['Gewerbeanmeldung', 'Sprechzeiten des Ordnungsamts']);
      expect(result.hits[0]!.snippet).toContain('<mark>Gewerbeanmeldung</mark>');
    }
  });
});
