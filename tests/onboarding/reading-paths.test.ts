import type { MyReadingPath, ReadingPath } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { attach, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** Onboarding: building, assigning and following reading paths; changed-since-read; a successor's path. */
describe.each(backends)('reading paths on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let newcomer: UserClient;
  let processId: string;
  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Bürgerbüro'));
    newcomer = await t.userClient({ displayName: 'Nele Neu' });
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: newcomer.user.id, role: 'reader' }).execute();
    processId = await seedProcess(t.database.db, c.spaceId, 'Meldewesen', ['Task_Anmelden', 'Task_Abmelden']);
  }, 60_000);
  afterAll(() => t?.close());

  const mine = async (client: UserClient) => {
    const res = await client.get('/api/v1/reading-paths/mine');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as MyReadingPath[];
  };

  it('lets an owner build and assign a path that the newcomer works through, page changes showing up again', async () => {
    const first = await importMarkdown(c.owner, c.spaceId, 'Wohnsitz anmelden');
    const second = await importMarkdown(c.owner, c.spaceId, 'Meldebescheinigung');
    const created = await c.owner.post('/api/v1/reading-paths', {
      title: 'Einarbeitung Bürgerbüro',
      items: [{ pageId: first, note: 'Das Wichtigste zuerst' }, { processId, elementId: 'Task_Anmelden' }, { pageId: second }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const path = created.json() as ReadingPath;
    expect(path.items.map((i) => [i.index, i.kind, i.title, i.note])).toEqual([
      [0, 'page', 'Wohnsitz anmelden', 'Das Wichtigste zuerst'],
      [1, 'step', 'Schritt Task_Anmelden', ''],
      [2, 'page', 'Meldebescheinigung', ''],
    ]);
    // Readers and editors do not build paths; a page the builder cannot read is not put on one.
    expect((await c.editor.post('/api/v1/reading-paths', { title: 'X', items: [{ pageId: first }] })).statusCode).toBe(403);
    const hiddenSpace = await seedSpace(t.database.db, { name: 'Personalamt', owners: [c.outsider] });
    const hiddenPage = await importMarkdown(c.outsider, hiddenSpace, 'Gehaltsstufen');
    expect((await c.owner.post('/api/v1/reading-paths', { title: 'X', items: [{ pageId: hiddenPage }] })).statusCode).toBe(404);
    expect((await c.owner.post('/api/v1/reading-paths', { title: 'X', items: [{ processId, elementId: 'Task_Gibtsnicht' }] })).statusCode).toBe(404);
    expect((await c.owner.post('/api/v1/reading-paths', { title: 'X', items: [] })).statusCode).toBe(400);

    expect(await mine(newcomer)).toEqual([]);
    const assigned = await c.owner.post(`/api/v1/reading-paths/${path.id}/assign`, { userId: newcomer.user.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((assigned.json() as ReadingPath).assignees).toEqual([expect.objectContaining({ user: { id: newcomer.user.id, displayName: 'Nele Neu' }, done: 0, changed: 0, total: 3 })]);
    // Others do not see the path, nor may they mark it.
    expect((await c.editor.get(`/api/v1/reading-paths/${path.id}`)).statusCode).toBe(404);
    expect((await c.editor.post(`/api/v1/reading-paths/${path.id}/items/0/done`)).statusCode).toBe(404);

    let [own] = await mine(newcomer);
    expect(own).toMatchObject({ id: path.id, title: 'Einarbeitung Bürgerbüro', done: 0, total: 3, assignedBy: { id: c.owner.user.id } });
    for (const index of [0, 1]) expect((await newcomer.post(`/api/v1/reading-paths/${path.id}/items/${index}/done`)).statusCode).toBe(200);
    expect((await newcomer.post(`/api/v1/reading-paths/${path.id}/items/7/done`)).statusCode).toBe(404);
    [own] = await mine(newcomer);
    expect(own!.done).toBe(2);
    expect(own!.items.map((i) => i.done)).toEqual([true, true, false]);

    // The first page changes after it was read: it is unread again, "geändert seit Sie es gelesen haben".
    expect((await c.editor.put(`/api/v1/pages/${first}/content`, { markdown: '# Wohnsitz anmelden\n\nNeu: Termin online buchen.' })).statusCode).toBe(200);
    [own] = await mine(newcomer);
    expect(own!.items[0]).toMatchObject({ done: false, changedSinceRead: true });
    expect(own!.done).toBe(1);
    const progress = (await c.owner.get(`/api/v1/reading-paths/${path.id}`)).json() as ReadingPath;
    expect(progress.assignees[0]).toMatchObject({ done: 1, changed: 1, total: 3 });

    // Reading it again counts.
    await newcomer.post(`/api/v1/reading-paths/${path.id}/items/0/done`);
    [own] = await mine(newcomer);
    expect(own!.items[0]).toMatchObject({ done: true, changedSinceRead: false });

    // The owner's list and the knowledge manager's list both show the newcomer's progress; the editor's is empty.
    for (const client of [c.owner, c.manager]) {
      const listed = ((await client.get('/api/v1/reading-paths')).json() as ReadingPath[]).find((p) => p.id === path.id);
      expect(listed?.assignees[0]).toMatchObject({ user: { id: newcomer.user.id }, done: 2 });
    }
    expect(((await c.editor.get('/api/v1/reading-paths')).json() as ReadingPath[]).map((p) => p.id)).not.toContain(path.id);
  });

  it('hides the title of an item the newcomer cannot open', async () => {
    const otherSpace = await seedSpace(t.database.db, { name: 'Ordnungsamt', owners: [c.manager] });
    const page = await importMarkdown(c.manager, otherSpace, 'Sondernutzung');
    const path = (await c.manager.post('/api/v1/reading-paths', { title: 'Querschnitt', items: [{ pageId: page }] })).json() as ReadingPath;
    await c.manager.post(`/api/v1/reading-paths/${path.id}/assign`, { userId: newcomer.user.id });
    const own = (await mine(newcomer)).find((p) => p.id === path.id)!;
    expect(own.items[0]).toMatchObject({ available: false, title: null, context: null });
  });

  it('refuses to assign a path to a deactivated account', async () => {
    const page = await importMarkdown(c.owner, c.spaceId, 'Ausweis beantragen');
    const path = (await c.owner.post('/api/v1/reading-paths', { title: 'Ausweise', items: [{ pageId: page }] })).json() as ReadingPath;
    const gone = await t.userClient({ displayName: 'Gerd Gegangen' });
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', gone.user.id).execute();
    const res = await c.owner.post(`/api/v1/reading-paths/${path.id}/assign`, { userId: gone.user.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('urn:stafette:problem:assignee-inactive');
  });

  it('turns a completed interview’s reading list into a path assigned to the successor', async () => {
    const db = t.database.db;
    const subject = await t.userClient({ displayName: 'Erika Mustermann' });
    const successor = await t.userClient({ displayName: 'Sven Nachfolger' });
    await db.insertInto('space_members').values({ space_id: c.spaceId, user_id: successor.user.id, role: 'editor' }).execute();
    const scheduled = await c.manager.post('/api/v1/interviews', {
      subjectUserId: subject.user.id,
      interviewerId: c.manager.user.id,
      successorId: successor.user.id,
      departureDate: '2030-06-30',
      subjectRole: 'Sachbearbeiterin Meldewesen',
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const interviewId = scheduled.json().id as string;
    // Not completed yet: no path.
    const early = await c.manager.post(`/api/v1/interviews/${interviewId}/reading-path`);
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toBe('urn:stafette:problem:interview-not-completed');

    // What a completion leaves behind (tests/interviews covers the completion itself): an answer
    // linked to a step and the page published for it, attached to that step.
    const published = await importMarkdown(c.owner, c.spaceId, 'Abmeldung: Sonderfälle');
    await attach(db, processId, 'Task_Abmelden', published);
    await db.insertInto('interview_answer_steps').values({ interview_id: interviewId, question_id: 'prozessschritte', process_id: processId, element_id: 'Task_Abmelden' }).execute();
    await db.insertInto('interview_publications').values({ interview_id: interviewId, page_id: published, question_id: 'prozessschritte' }).execute();
    await db.updateTable('interviews').set({ status: 'completed', completed_at: new Date(), completed_by: c.manager.user.id }).where('id', '=', interviewId).execute();

    expect((await c.editor.post(`/api/v1/interviews/${interviewId}/reading-path`)).statusCode).toBe(404);
    const res = await c.manager.post(`/api/v1/interviews/${interviewId}/reading-path`);
    expect(res.statusCode, res.body).toBe(201);
    const path = res.json() as ReadingPath;
    expect(path).toMatchObject({ title: 'Einarbeitung: Nachfolge Sachbearbeiterin Meldewesen', interviewId });
    expect(path.items.map((i) => [i.kind, i.title])).toEqual([
      ['step', 'Schritt Task_Abmelden'],
      ['page', 'Abmeldung: Sonderfälle'],
    ]);
    const own = await mine(successor);
    expect(own.map((p) => p.id)).toEqual([path.id]);
    expect(own[0]).toMatchObject({ done: 0, total: 2 });
  });
});
