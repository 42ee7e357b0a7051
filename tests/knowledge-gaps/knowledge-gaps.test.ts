import type { KnowledgeGapList } from '@stafette/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { DAY, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** "Gesucht, nicht gefunden": aggregation without user ids, the threshold of three people, the page written for a gap. */
describe.each(backends)('knowledge gaps on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let people: UserClient[];
  let admin: UserClient;
  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Ordnungsamt'));
    admin = await t.userClient({ role: 'admin', displayName: 'Ada Admin' });
    people = [c.reader, c.editor, c.owner];
  }, 60_000);
  afterAll(() => t?.close());

  const miss = async (client: UserClient, q: string, spaceId?: string) => {
    const res = await client.post('/api/v1/search/misses', spaceId ? { q, spaceId } : { q });
    expect(res.statusCode, res.body).toBe(204);
  };
  const report = async (days = 90) => {
    const res = await c.manager.get(`/api/v1/knowledge-gaps?days=${days}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as KnowledgeGapList;
  };
  const gap = async (query: string) => (await report()).items.find((i) => i.query === query);

  it('shows a query only once three different people searched it in vain', async () => {
    await miss(c.reader, 'Sondernutzung Gehweg', c.spaceId);
    await miss(c.reader, 'sondernutzung   gehweg');
    await miss(c.editor, 'Sondernutzung Gehweg', c.spaceId);
    // Two people, three searches: not shown.
    expect(await gap('sondernutzung gehweg')).toBeUndefined();
    await miss(c.owner, '„Sondernutzung Gehweg“');
    const shown = await gap('sondernutzung gehweg');
    expect(shown).toMatchObject({ query: 'sondernutzung gehweg', count: 4, noHits: 4, noClick: 0, pageId: null, spaces: [{ id: c.spaceId, name: 'Ordnungsamt', count: 2 }] });
    expect(shown!.weeks.reduce((sum, w) => sum + w.count, 0)).toBe(4);
    // Readers do not see the report.
    expect((await c.reader.get('/api/v1/knowledge-gaps')).statusCode).toBe(403);
  });

  it('stores no user id, only a keyed hash that goes with its key', async () => {
    const db = t.database.db;
    const dump = JSON.stringify([
      await db.selectFrom('search_gaps').selectAll().execute(),
      await db.selectFrom('search_gap_days').selectAll().execute(),
      await db.selectFrom('search_gap_spaces').selectAll().execute(),
      (await db.selectFrom('search_gap_askers').selectAll().execute()).map((r) => ({ ...r, asker: r.asker.toString('hex') })),
    ]);
    for (const p of people) {
      expect(dump).not.toContain(p.user.id);
      expect(dump).not.toContain(p.user.id.replaceAll('-', ''));
    }
    expect(dump).not.toContain(c.reader.user.email);
    // The key period ends: the key and every hash made with it are deleted.
    const before = await db.selectFrom('search_gap_keys').select('id').executeTakeFirstOrThrow();
    await sql`UPDATE search_gap_keys SET created_at = now() - interval '31 days'`.execute(db);
    await miss(c.reader, 'Baumfällung');
    const keys = await db.selectFrom('search_gap_keys').select('id').execute();
    expect(keys.map((k) => k.id)).not.toContain(before.id);
    expect(await db.selectFrom('search_gap_askers').select('query').where('key_id', '=', before.id).execute()).toEqual([]);
    // What was already shown stays shown.
    expect(await gap('sondernutzung gehweg')).toBeDefined();
  });

  it('counts searches whose results nobody opened apart from searches without hits', async () => {
    await importMarkdown(c.owner, c.spaceId, 'Hundesteuer', '# Hundesteuer\n\nDie Hundesteuer wird jährlich erhoben.');
    for (const start = Date.now(); (await c.reader.get('/api/v1/search?q=Hundesteuer')).json().hits?.length !== 1; ) {
      if (Date.now() - start > 15_000) throw new Error('search did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const p of people) await miss(p, 'Hundesteuer');
    expect(await gap('hundesteuer')).toMatchObject({ count: 3, noHits: 0, noClick: 3 });
    // Searches older than the period do not count.
    await t.database.db.updateTable('search_gap_days').set({ day: new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10) }).where('query', '=', 'hundesteuer').execute();
    expect((await report(30)).items.map((i) => i.query)).not.toContain('hundesteuer');
  });

  it('creates the missing page with a responsible person and marks the gap answered', async () => {
    const res = await admin.post('/api/v1/knowledge-gaps/pages', { query: 'sondernutzung gehweg', spaceId: c.spaceId, responsibleId: c.editor.user.id });
    expect(res.statusCode, res.body).toBe(201);
    const { pageId, title } = res.json();
    expect(title).toBe('Sondernutzung gehweg');
    const page = (await c.editor.get(`/api/v1/pages/${pageId}`)).json();
    expect(page.title).toBe('Sondernutzung gehweg');
    expect((await c.editor.get(`/api/v1/pages/${pageId}/review`)).json()).toMatchObject({ responsible: { id: c.editor.user.id } });
    expect(await gap('sondernutzung gehweg')).toMatchObject({ pageId });
    // Someone who cannot read the space cannot be made responsible.
    const refused = await admin.post('/api/v1/knowledge-gaps/pages', { query: 'Baumfällung', spaceId: c.spaceId, responsibleId: c.outsider.user.id });
    expect(refused.statusCode).toBe(400);
    // Knowledge managers need the right to create pages in the space.
    expect((await c.manager.post('/api/v1/knowledge-gaps/pages', { query: 'Baumfällung', spaceId: c.spaceId })).statusCode).toBe(403);
  });
});
