import type { DueReview, ReviewGap } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { addMember, importMarkdown } from '../support/seed.ts';
import type { Client, TestApp, UserClient } from '../support/test-app.ts';
import { DAY, dateIn, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** Responsible persons, review due dates, confirmation, edits as reviews, proposals for a successor. */
describe.each(backends)('page reviews on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  beforeAll(async () => ({ t, c } = await startSpaceCast(backend, 'Bürgeramt')), 60_000);
  afterAll(() => t?.close());

  const review = async (client: Client, pageId: string) => {
    const res = await client.get(`/api/v1/pages/${pageId}/review`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Moves the review clock back: the setting and any confirmation happened `days` ago. */
  const age = async (pageId: string, days: number) => {
    const at = new Date(Date.now() - days * DAY);
    await t.database.db.updateTable('page_reviews').set({ set_at: at, last_confirmed_at: null }).where('page_id', '=', pageId).execute();
    await t.database.db.updateTable('page_contributors').set({ last_edited_at: at }).where('page_id', '=', pageId).execute();
  };
  const dueFor = async (client: Client) => {
    const res = await client.get('/api/v1/reviews/due');
    expect(res.statusCode).toBe(200);
    return res.json() as DueReview[];
  };

  it('lets space owners and knowledge managers set a responsible person, nobody else', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Meldebescheinigung ausstellen');
    expect(await review(c.reader, pageId)).toMatchObject({ responsible: null, intervalDays: null, dueDate: null, overdue: false, permissions: { canConfigure: false, canConfirm: false } });
    expect((await c.editor.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.editor.user.id })).statusCode).toBe(403);
    expect((await c.reader.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.reader.user.id })).statusCode).toBe(403);
    expect((await c.outsider.get(`/api/v1/pages/${pageId}/review`)).statusCode).toBe(404);
    // The responsible person must be able to read the page.
    const stranger = await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.outsider.user.id });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().detail).toMatch(/cannot read/);
    expect((await c.owner.patch(`/api/v1/pages/${pageId}/review`, { intervalDays: 30 })).json().type).toBe('urn:stafette:problem:review-not-configured');

    const set = await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.editor.user.id, intervalDays: 30 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ responsible: { id: c.editor.user.id, displayName: 'Emil Editor', left: false }, intervalDays: 30, dueDate: dateIn(30), overdue: false });
    const byManager = await c.manager.patch(`/api/v1/pages/${pageId}/review`, { intervalDays: 60 });
    expect(byManager.json()).toMatchObject({ intervalDays: 60, dueDate: dateIn(60) });
    expect((await review(c.editor, pageId)).permissions).toEqual({ canConfigure: false, canConfirm: true });

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', pageId).where('action', 'like', 'page.review.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'page.review.configure', actor_id: c.owner.user.id },
      { action: 'page.review.configure', actor_id: c.manager.user.id },
    ]);
    expect((await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: null })).json()).toMatchObject({ responsible: null, intervalDays: null });
  });

  it('shows an overdue page to its responsible person until they confirm it', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Personalausweis beantragen');
    await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.editor.user.id, intervalDays: 30 });
    expect((await dueFor(c.editor)).map((d) => d.pageId)).not.toContain(pageId);
    expect((await c.editor.get('/api/v1/reviews/due?withinDays=31')).json().map((d: { pageId: string }) => d.pageId)).toContain(pageId);

    await age(pageId, 45);
    expect(await review(c.reader, pageId)).toMatchObject({ overdue: true, dueDate: dateIn(-15) });
    const due = await dueFor(c.editor);
    expect(due.find((d) => d.pageId === pageId)).toMatchObject({ overdue: true, dueDate: dateIn(-15), title: 'Personalausweis beantragen', spaceId: c.spaceId });
    expect((await dueFor(c.owner)).map((d) => d.pageId)).not.toContain(pageId);

    expect((await c.owner.post(`/api/v1/pages/${pageId}/review/confirm`)).statusCode).toBe(403);
    expect((await c.outsider.post(`/api/v1/pages/${pageId}/review/confirm`)).statusCode).toBe(404);
    const confirmed = await c.editor.post(`/api/v1/pages/${pageId}/review/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ overdue: false, dueDate: dateIn(30), lastConfirmedBy: c.editor.user.id });
    expect((await dueFor(c.editor)).map((d) => d.pageId)).not.toContain(pageId);
    const audit = await t.database.db.selectFrom('audit_log').select('actor_id').where('target_id', '=', pageId).where('action', '=', 'page.review.confirm').execute();
    expect(audit).toEqual([{ actor_id: c.editor.user.id }]);
  });

  it('counts an edit by the responsible person as a review, an edit by someone else not', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Wohnsitz abmelden');
    await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.editor.user.id, intervalDays: 30 });
    await age(pageId, 45);
    expect((await c.owner.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Wohnsitz abmelden\n\nNeu: auch online.' })).statusCode).toBe(200);
    expect((await review(c.editor, pageId)).overdue).toBe(true);
    expect((await c.editor.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Wohnsitz abmelden\n\nGeprüft: auch online möglich.' })).statusCode).toBe(200);
    expect(await review(c.editor, pageId)).toMatchObject({ overdue: false, dueDate: dateIn(30) });
  });

  it('proposes the most active contributor still here when the responsible person left', async () => {
    const leaver = await t.userClient({ displayName: 'Lena Leaving' });
    const writer = await t.userClient({ displayName: 'Willi Writer' });
    const departed = await t.userClient({ displayName: 'Dora Departed' });
    for (const u of [leaver, writer, departed]) await addMember(t.database.db, c.spaceId, u, 'editor');
    const pageId = await importMarkdown(leaver, c.spaceId, 'Gewerbe anmelden');
    await writer.put(`/api/v1/pages/${pageId}/content`, { markdown: 'Erste Fassung von Willi.' });
    await writer.put(`/api/v1/pages/${pageId}/content`, { markdown: 'Zweite Fassung von Willi.' });
    for (const text of ['Dora 1', 'Dora 2', 'Dora 3']) await departed.put(`/api/v1/pages/${pageId}/content`, { markdown: text });
    await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: leaver.user.id, intervalDays: 90 });
    expect((await review(c.owner, pageId)).proposal).toBeNull();

    // Dora (most edits) leaves too, so the proposal is Willi; Lena's departure date passed.
    await c.manager.patch(`/api/v1/users/${departed.user.id}`, { plannedDepartureDate: dateIn(-1) });
    await c.manager.patch(`/api/v1/users/${leaver.user.id}`, { plannedDepartureDate: dateIn(-3) });
    const state = await review(c.owner, pageId);
    expect(state.responsible).toMatchObject({ id: leaver.user.id, left: true, departureDate: dateIn(-3) });
    expect(state.proposal).toMatchObject({ userId: writer.user.id, displayName: 'Willi Writer', basis: 'contributor', editCount: 2 });

    const gaps = async (client: Client) => (await client.get('/api/v1/reviews/gaps')).json() as ReviewGap[];
    expect((await gaps(c.manager)).find((g) => g.pageId === pageId)?.proposal?.userId).toBe(writer.user.id);
    expect((await gaps(c.owner)).map((g) => g.pageId)).toContain(pageId);
    expect((await gaps(c.editor)).map((g) => g.pageId)).not.toContain(pageId);

    // Accepting the proposal is setting the person; the gap closes.
    await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: writer.user.id });
    expect((await review(c.owner, pageId)).proposal).toBeNull();
    expect((await gaps(c.manager)).map((g) => g.pageId)).not.toContain(pageId);

    // Nobody who wrote it is left: the space owner is proposed.
    await c.manager.patch(`/api/v1/users/${writer.user.id}`, { plannedDepartureDate: dateIn(-1) });
    expect((await review(c.owner, pageId)).proposal).toMatchObject({ userId: c.owner.user.id, basis: 'space-owner' });
  });
});
