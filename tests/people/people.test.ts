import type { PeopleResult, Person } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { attach, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** Who knows what: people found by topic through the pages they wrote and the steps they answer for. */
describe.each(backends)('people directory on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let author: UserClient;
  let coAuthor: UserClient;
  let stepContact: UserClient;
  let namedStepContact: UserClient;
  let other: UserClient;
  let processId: string;

  const add = async (client: UserClient, role: 'editor' | 'reader') =>
    t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: client.user.id, role }).execute();
  const indexed = async (q: string, count: number) => {
    for (const start = Date.now(); (await c.reader.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().hits?.length !== count; ) {
      if (Date.now() - start > 10_000) throw new Error('search did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const people = async (client: UserClient, q: string) => {
    const res = await client.get(`/api/v1/people?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as PeopleResult).items;
  };

  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Tiefbauamt'));
    author = await t.userClient({ displayName: 'Sandra Straße' });
    coAuthor = await t.userClient({ displayName: 'Kurt Kante' });
    stepContact = await t.userClient({ displayName: 'Paul Prüfer' });
    namedStepContact = await t.userClient({ displayName: 'Gerda Genehmigung' });
    other = await t.userClient({ displayName: 'Hanna Hund' });
    for (const u of [author, coAuthor, other]) await add(u, 'editor');
    for (const u of [stepContact, namedStepContact]) await add(u, 'reader');
    processId = await seedProcess(t.database.db, c.spaceId, 'Straßenrecht', ['Task_Antrag', 'Sondernutzung_erlauben']);
    const pageId = await importMarkdown(author, c.spaceId, 'Sondernutzung von Gehwegen', '# Sondernutzung\n\nFür Tische vor dem Café braucht es eine Sondernutzungserlaubnis.');
    for (const text of ['Gebühr nach Satzung.', 'Frist vier Wochen.']) await author.put(`/api/v1/pages/${pageId}/content`, { markdown: `# Sondernutzung\n\n${text}` });
    await coAuthor.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Sondernutzung\n\nAuch für Baugerüste.' });
    await importMarkdown(other, c.spaceId, 'Hundesteuer', '# Hundesteuer\n\nJährlich fällig.');
    await attach(t.database.db, processId, 'Task_Antrag', pageId);
    await t.database.db
      .insertInto('process_step_contacts')
      .values([
        { process_id: processId, element_id: 'Task_Antrag', user_id: stepContact.user.id, position: 0 },
        { process_id: processId, element_id: 'Sondernutzung_erlauben', user_id: namedStepContact.user.id, position: 0 },
      ])
      .execute();
    await indexed('Sondernutzung', 1);
  }, 90_000);
  afterAll(() => t?.close());

  it('ranks the authors and step contacts of a topic above everyone else, with the evidence', async () => {
    const items = await people(c.reader, 'Sondernutzung');
    const ids = items.map((i) => i.id);
    for (const expert of [author, coAuthor, stepContact, namedStepContact]) expect(ids).toContain(expert.user.id);
    expect(ids).not.toContain(other.user.id);
    // The main author wrote most of the page: above the co-author.
    expect(ids.indexOf(author.user.id)).toBeLessThan(ids.indexOf(coAuthor.user.id));
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(author.user.id)!.evidence).toEqual([expect.objectContaining({ kind: 'page', title: 'Sondernutzung von Gehwegen' })]);
    expect(byId.get(stepContact.user.id)!.evidence).toEqual([expect.objectContaining({ kind: 'step', processId, elementId: 'Task_Antrag' })]);
    expect(byId.get(namedStepContact.user.id)!.evidence).toEqual([expect.objectContaining({ kind: 'step', elementId: 'Sondernutzung_erlauben' })]);
    // Somebody outside the space sees no evidence from it.
    const outside = await people(c.outsider, 'Sondernutzung');
    expect(outside.map((i) => i.id)).toEqual([]);
  });

  it('finds people by name', async () => {
    const items = await people(c.reader, 'hanna');
    expect(items[0]).toMatchObject({ id: other.user.id, displayName: 'Hanna Hund', evidence: [{ kind: 'name' }] });
  });

  it('counts a new page as soon as search has it', async () => {
    const newcomer = await t.userClient({ displayName: 'Nina Neu' });
    await add(newcomer, 'editor');
    await importMarkdown(newcomer, c.spaceId, 'Winterdienst auf Gehwegen', '# Winterdienst\n\nRäumpflicht der Anlieger.');
    const start = Date.now();
    while (!(await people(c.reader, 'Winterdienst')).some((i) => i.id === newcomer.user.id)) {
      if (Date.now() - start > 10_000) throw new Error('the new page did not count within 10 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('shows a person page with offices, steps and pages; the departure only to knowledge managers', async () => {
    await t.database.db.updateTable('users').set({ planned_departure_date: '2030-03-31' }).where('id', '=', stepContact.user.id).execute();
    const res = await c.reader.get(`/api/v1/people/${stepContact.user.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const person = res.json() as Person;
    expect(person).toMatchObject({ displayName: 'Paul Prüfer', offices: [{ spaceId: c.spaceId, name: 'Tiefbauamt', role: 'reader' }], steps: [{ processId, elementId: 'Task_Antrag', processName: 'Straßenrecht' }], plannedDeparture: null });
    expect(((await c.manager.get(`/api/v1/people/${stepContact.user.id}`)).json() as Person).plannedDeparture).toBe('2030-03-31');
    const authorPage = (await c.reader.get(`/api/v1/people/${author.user.id}`)).json() as Person;
    expect(authorPage.pages[0]).toMatchObject({ title: 'Sondernutzung von Gehwegen', spaceName: 'Tiefbauamt' });
    // Deactivated accounts: only knowledge managers and admins.
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', other.user.id).execute();
    expect((await c.reader.get(`/api/v1/people/${other.user.id}`)).statusCode).toBe(404);
    expect((await c.manager.get(`/api/v1/people/${other.user.id}`)).statusCode).toBe(200);
    expect((await people(c.reader, 'Hanna')).map((i) => i.id)).not.toContain(other.user.id);
  });
});
