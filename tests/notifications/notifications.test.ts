import type { Notification, NotificationList } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOnce } from '../../server/src/notifications/sweep.ts';
import { readBody } from '../../server/src/content/page-body.ts';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { DAY, type SpaceCast, startSpaceCast } from '../support/knowledge.ts';
import { removeMember } from '../support/event-streams.ts';

/** The inbox: watched-page changes batched per hour with who edited, watching, read requests, due reviews, delivery-time checks. */
describe.each(backends)('notifications on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  beforeAll(async () => ({ t, c } = await startSpaceCast(backend, 'Ordnungsamt')), 60_000);
  afterAll(() => t?.close());

  const inbox = async (client: Client, query = '') => {
    const res = await client.get(`/api/v1/notifications${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as NotificationList;
  };
  const about = async (client: Client, pageId: string, kind: Notification['kind']) => (await inbox(client)).items.filter((n) => n.pageId === pageId && n.kind === kind);
  /** Now, unless the clock hour ends within seconds: then just after the next one starts (batches are per clock hour). */
  const base = async () => {
    const left = 3_600_000 - (Date.now() % 3_600_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 1000));
    return new Date();
  };
  /** An edit of the page by `userId` at `at`, as the content deriver records it. */
  const edit = (pageId: string, userId: string, at: Date) =>
    t.database.db
      .insertInto('page_contributors')
      .values({ page_id: pageId, user_id: userId, last_edited_at: at, edit_count: 1 })
      .onConflict((oc) => oc.columns(['page_id', 'user_id']).doUpdateSet({ last_edited_at: at }))
      .execute();

  it('batches changes of a watched page into one notice per hour listing who edited', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Sondernutzung', 'Antrag.');
    expect((await c.reader.put(`/api/v1/pages/${pageId}/watch`, { watching: true })).json()).toEqual({ watching: true });
    const second = await t.userClient({ displayName: 'Zoe Zweit' });
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: second.user.id, role: 'editor' }).execute();
    // Only the edits below count (not the import's).
    await t.database.db.deleteFrom('page_contributors').where('page_id', '=', pageId).execute();
    const h = await base();
    await edit(pageId, c.editor.user.id, new Date(h.getTime() + 1000));
    await sweepOnce(t.database.db);
    await edit(pageId, second.user.id, new Date(h.getTime() + 2000));
    await edit(pageId, c.editor.user.id, new Date(h.getTime() + 3000));
    await sweepOnce(t.database.db);
    const notices = await about(c.reader, pageId, 'page.changed');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.editors.map((e) => e.displayName).sort()).toEqual(['Emil Editor', 'Zoe Zweit']);
    // The author watches automatically and hears of it too; an editor hears of the other's edit, not their own.
    expect(await about(c.owner, pageId, 'page.changed')).toHaveLength(1);
    expect((await about(c.editor, pageId, 'page.changed'))[0]?.editors.map((e) => e.displayName)).toEqual(['Zoe Zweit']);
    // The next hour is a new notice.
    await edit(pageId, c.editor.user.id, new Date(h.getTime() + 3_660_000));
    await sweepOnce(t.database.db, new Date(h.getTime() + 3_700_000));
    expect(await about(c.reader, pageId, 'page.changed')).toHaveLength(2);
    // Unwatched: nothing more.
    expect((await c.reader.put(`/api/v1/pages/${pageId}/watch`, { watching: false })).json()).toEqual({ watching: false });
    await edit(pageId, second.user.id, new Date(h.getTime() + 7_300_000));
    await sweepOnce(t.database.db, new Date(h.getTime() + 7_400_000));
    expect(await about(c.reader, pageId, 'page.changed')).toHaveLength(2);
    expect((await c.reader.get(`/api/v1/pages/${pageId}/watch`)).json()).toEqual({ watching: false });
    // The sweeps above ran hours ahead; the next tests sweep at the real time again.
    await t.database.db.deleteFrom('notification_sweep').execute();
  });

  it('tells the asked of a read request and the responsible person of a due review, once each', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Gewerbeanmeldung', 'Formular.');
    expect((await c.owner.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Neues Formular' })).statusCode).toBe(201);
    await c.owner.patch(`/api/v1/pages/${pageId}/review`, { responsibleId: c.editor.user.id, intervalDays: 30 });
    await t.database.db.updateTable('page_reviews').set({ set_at: new Date(Date.now() - 40 * DAY) }).where('page_id', '=', pageId).execute();
    await t.database.db.deleteFrom('page_contributors').where('page_id', '=', pageId).execute();
    await sweepOnce(t.database.db);
    await sweepOnce(t.database.db);
    const asked = await about(c.reader, pageId, 'read.requested');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ excerpt: 'Neues Formular', actor: { displayName: 'Olga Owner' }, pageTitle: 'Gewerbeanmeldung' });
    expect(await about(c.editor, pageId, 'review.due')).toHaveLength(1);
  });

  it('notifies a person mentioned in the page body once, and nobody who cannot read it', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Zuständigkeiten', 'Wer?');
    const mention = (id: string, label: string) => ({ type: 'mention', attrs: { id, label } });
    const doc = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fragen an ' }, mention(c.reader.user.id, 'Rita'), { type: 'text', text: ' und ' }, mention(c.outsider.user.id, 'Otto')] }],
    };
    const res = await c.editor.put(`/api/v1/pages/${pageId}/content`, { doc });
    expect(res.statusCode, res.body).toBe(200);
    const sweep = () => sweepOnce(t.database.db, new Date(), (id) => readBody(t.app, id));
    await sweep();
    await sweep();
    expect(await about(c.reader, pageId, 'mention')).toEqual([expect.objectContaining({ actor: { id: c.editor.user.id, displayName: 'Emil Editor' }, pageTitle: 'Zuständigkeiten' })]);
    expect((await inbox(c.outsider)).items.filter((n) => n.pageId === pageId)).toEqual([]);
    // Edited again with the mention still there: no second notice.
    await c.editor.put(`/api/v1/pages/${pageId}/content`, { doc: { ...doc, content: [...doc.content, { type: 'paragraph', content: [{ type: 'text', text: 'Ergänzt.' }] }] } });
    await sweep();
    expect(await about(c.reader, pageId, 'mention')).toHaveLength(1);
  });

  it('delivers nothing about a page the recipient can no longer read, and pages with a cursor', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Vertraulich', 'Text.');
    const leaver = await t.userClient({ displayName: 'Lea Geht' });
    await t.database.db.insertInto('space_members').values({ space_id: c.spaceId, user_id: leaver.user.id, role: 'reader' }).execute();
    for (let i = 0; i < 3; i++) await c.editor.post(`/api/v1/pages/${pageId}/comments`, { body: `@[Lea](${leaver.user.id}) Nummer ${i}` });
    const first = await inbox(leaver, '?unread=true&limit=2');
    expect(first.items).toHaveLength(2);
    const rest = await inbox(leaver, `?unread=true&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect((await leaver.get('/api/v1/notifications/stream')).json()).toEqual({ unread: 3 });
    await removeMember(t.database.db, c.spaceId, leaver.user.id);
    expect((await inbox(leaver)).items).toEqual([]);
    expect((await leaver.get('/api/v1/notifications/stream')).json()).toEqual({ unread: 0 });
    expect((await leaver.get('/api/v1/notifications?cursor=kaputt')).statusCode).toBe(400);
  });
});
