import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestApp } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { insertPages, search, settled } from './support.ts';
import { postgresCombinations, startSearchApp } from './backends.ts';

/**
 * Migration 0035: a page's text vector stays in its row (storage MAIN), so a search reads the
 * vectors of its candidates without a look-up in the TOAST table each. A page whose row is over
 * 2 kB (its body goes out of line, the vector stays unless the row would not fit a page) is
 * found as before.
 */
describe.each(postgresCombinations)('text vectors in the row on $label', (c) => {
  let t: TestApp;
  let reader: Awaited<ReturnType<TestApp['userClient']>>;

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient();
    const spaceId = await seedSpace(t.database.db, { name: 'Standesamt', readers: [reader] });
    const words = Array.from({ length: 100 }, (_, i) => `Eheschließung Urkunde${i} Trauzimmer Termin${i}`).join(' ');
    await insertPages(t.database.db, spaceId, [{ title: 'Trauung im Standesamt', body: `Die Anmeldung zur Eheschließung. ${words}` }]);
    await settled(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('stores the vector with storage MAIN and finds the long page', async () => {
    const { rows } = await sql<{ storage: string }>`
      SELECT attstorage AS storage FROM pg_attribute WHERE attrelid = 'search_documents'::regclass AND attname = 'tsv'`.execute(t.database.db);
    expect(rows[0]?.storage).toBe('m');
    const size = await sql<{ n: number }>`SELECT octet_length(body)::int AS n FROM search_documents`.execute(t.database.db);
    expect(size.rows[0]!.n).toBeGreaterThan(2_000);
    expect((await search(reader, 'Trauzimmer')).hits.map((h) => h.title)).toEqual(['Trauung im Standesamt']);
  });
});
