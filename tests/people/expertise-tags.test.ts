import type { PeopleResult, Person, PersonTags } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** Expertise tags: declared by the person, suggested from what they wrote, hidden on request; departed people as roles. */
describe.each(backends)('expertise tags on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let writer: UserClient;
  let admin: UserClient;

  const people = async (client: UserClient, q: string) => {
    const res = await client.get(`/api/v1/people?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as PeopleResult).items;
  };
  const person = async (client: UserClient, id: string) => {
    const res = await client.get(`/api/v1/people/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Person;
  };
  const putTags = async (client: UserClient, body: { declared: string[]; hidden: string[] }) => {
    const res = await client.put('/api/v1/people/me/tags', body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PersonTags;
  };

  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Ordnungsamt'));
    admin = await t.userClient({ role: 'admin', displayName: 'Ada Admin' });
    writer = await t.userClient({ displayName: 'Werner Wegerecht' });
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: writer.user.id, role: 'editor' }).execute();
    await importMarkdown(writer, c.spaceId, 'Sondernutzung von Gehwegen', '# Sondernutzung\n\n## Gebühren\n\nNach Satzung.');
    await importMarkdown(writer, c.spaceId, 'Gebühren der Sondernutzung', '# Gebühren\n\nJe Quadratmeter und Monat.');
    await importMarkdown(c.editor, c.spaceId, 'Hundesteuer', '# Hundesteuer\n\nJährlich.');
  }, 90_000);
  afterAll(() => t?.close());

  it('suggests tags from the titles and headings someone wrote, and finds them by them', async () => {
    const p = await person(c.reader, writer.user.id);
    expect(p.tags).toEqual(expect.arrayContaining([{ tag: 'Sondernutzung', source: 'suggested' }, { tag: 'Gebühren', source: 'suggested' }]));
    // Only on their own page do hidden suggestions show.
    expect(p.hiddenTags).toEqual([]);
    expect((await person(c.editor, c.editor.user.id)).tags).toEqual([]);
    const own = (await writer.get('/api/v1/people/me/tags')).json() as PersonTags;
    expect(own).toMatchObject({ declared: [], hidden: [] });
    expect(own.suggested).toEqual(expect.arrayContaining(['Sondernutzung', 'Gebühren']));
    // A suggested tag counts as evidence once search finds the person.
    for (const start = Date.now(); !(await people(c.reader, 'Sondernutzung')).some((i) => i.id === writer.user.id); ) {
      if (Date.now() - start > 10_000) throw new Error('search did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
    const hit = (await people(c.reader, 'Sondernutzung')).find((i) => i.id === writer.user.id)!;
    expect(hit.evidence).toContainEqual(expect.objectContaining({ kind: 'tag', title: 'Sondernutzung' }));
  });

  it('lets people declare their own tags, which count as evidence, also inside a question', async () => {
    const saved = await putTags(c.editor, { declared: ['Vergaberecht', ' vergaberecht ', 'Friedhofswesen'], hidden: [] });
    expect(saved.declared).toEqual(['Vergaberecht', 'Friedhofswesen']);
    expect((await person(c.reader, c.editor.user.id)).tags).toEqual([
      { tag: 'Vergaberecht', source: 'declared' },
      { tag: 'Friedhofswesen', source: 'declared' },
    ]);
    for (const q of ['vergabe', 'Wer kennt sich mit Vergaberecht aus?']) {
      const items = await people(c.reader, q);
      expect(items[0], q).toMatchObject({ id: c.editor.user.id, evidence: [{ kind: 'tag', title: 'Vergaberecht' }] });
    }
    // Nobody edits someone else's tags: the route only ever writes the caller's own.
    expect((await c.reader.get('/api/v1/people/me/tags')).json()).toMatchObject({ declared: [] });
  });

  it('refuses tags out of bounds as problems', async () => {
    for (const body of [{ declared: ['x'.repeat(61)], hidden: [] }, { declared: [' '], hidden: [] }, { declared: Array.from({ length: 21 }, (_, i) => `Tag ${i}`), hidden: [] }, { declared: [] }]) {
      const res = await c.editor.put('/api/v1/people/me/tags', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('hides suggested tags from the page and from search when the person asks', async () => {
    await putTags(writer, { declared: [], hidden: ['Sondernutzung'] });
    const p = await person(c.reader, writer.user.id);
    expect(p.tags.map((tag) => tag.tag)).not.toContain('Sondernutzung');
    expect(p.hiddenTags).toEqual([]);
    expect((await person(writer, writer.user.id)).hiddenTags).toEqual(['Sondernutzung']);
    const hit = (await people(c.reader, 'Sondernutzung')).find((i) => i.id === writer.user.id)!;
    expect(hit.evidence.filter((e) => e.kind === 'tag')).toEqual([]);
    // Showing it again.
    await putTags(writer, { declared: [], hidden: [] });
    expect((await person(c.reader, writer.user.id)).tags).toContainEqual({ tag: 'Sondernutzung', source: 'suggested' });
  });

  it('shows a departed, pseudonymised person as their role everywhere, never by name', async () => {
    const leaver = await t.userClient({ displayName: 'Lena Lange' });
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: leaver.user.id, role: 'editor' }).execute();
    await importMarkdown(leaver, c.spaceId, 'Marktordnung', '# Marktordnung\n\nStände ab 6 Uhr.');
    await putTags(leaver, { declared: ['Wochenmarkt'], hidden: [] });
    expect((await people(c.reader, 'Wochenmarkt')).map((i) => i.displayName)).toEqual(['Lena Lange']);
    expect((await admin.patch(`/api/v1/users/${leaver.user.id}`, { active: false })).statusCode).toBe(200);
    const res = await admin.post(`/api/v1/users/${leaver.user.id}/pseudonymise`, { role: 'Sachbearbeiter:in, Ordnungsamt' });
    expect(res.statusCode, res.body).toBe(200);
    const shown = await person(c.manager, leaver.user.id);
    expect(shown).toMatchObject({ displayName: 'ehemalige:r Sachbearbeiter:in, Ordnungsamt', active: false });
    expect(JSON.stringify(shown)).not.toContain('Lena');
    // People search lists those one can ask: not the departed, by name, tag or topic.
    for (const q of ['Lena', 'Lange', 'Wochenmarkt', 'Marktordnung']) expect(JSON.stringify(await people(c.manager, q)), q).not.toContain('Lena');
    expect((await c.reader.get(`/api/v1/people/${leaver.user.id}`)).statusCode).toBe(404);
  });
});
