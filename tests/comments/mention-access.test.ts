import type { NotificationList, WrittenComment } from '@stafette/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOnce } from '../../server/src/notifications/sweep.ts';
import { setMember } from '../../server/src/spaces/spaces-service.ts';
import { backends } from '../support/databases.ts';
import { importMarkdown, putMember, seedSpace } from '../support/seed.ts';
import { type Client, createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

/**
 * Mentioning someone who cannot read the page: they are not told (the page stays unrevealed),
 * the writer is (with whether they may let them in), and once the person is added to the space
 * the mention reaches them, once.
 */
describe.each(backends)('mentions of people without access on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let editor: UserClient;
  let spaceId: string;
  let pageId: string;

  beforeAll(async () => {
    // No sweep timer: the delivery after access is granted must come from the grant itself.
    t = await createTestApp(backend, {}, { notifications: { sweepMs: 0, mailPollMs: 0 } });
    owner = await t.userClient({ displayName: 'Olga Owner' });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    spaceId = await seedSpace(t.database.db, { name: 'Bauamt', owners: [owner], editors: [editor] });
    pageId = await importMarkdown(owner, spaceId, 'Baugenehmigung', 'Antrag mit Lageplan.');
  }, 60_000);
  afterAll(() => t?.close());

  const comment = async (client: Client, body: string, parentId?: string) => {
    const res = await client.post(`/api/v1/pages/${pageId}/comments`, { body, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as WrittenComment;
  };
  const mentionsOf = async (client: Client) =>
    ((await client.get('/api/v1/notifications')).json() as NotificationList).items.filter((n) => n.kind === 'mention');

  it('tells the writer who cannot read the page, and lets an owner add them; then the mention reaches them once', async () => {
    const karl = await t.userClient({ displayName: 'Karl Kunz' });
    const thread = await comment(editor, 'Wer prüft den Lageplan?');
    const reply = await comment(owner, `@[Karl Kunz](${karl.user.id}) und @[Emil Editor](${editor.user.id}), bitte prüfen.`, thread.id);
    expect(reply.unreadableMentions).toEqual([{ id: karl.user.id, displayName: 'Karl Kunz' }]);
    expect(reply.mayGrantAccess).toBe(true);
    // The reader among them is told at once; the other hears nothing and the page stays hidden.
    expect((await mentionsOf(editor)).map((n) => n.commentId)).toEqual([reply.id]);
    expect(await mentionsOf(karl)).toEqual([]);
    expect((await karl.get(`/api/v1/pages/${pageId}`)).statusCode).toBe(404);

    // "Zugriff gewähren": the owner adds Karl as a reader through the members API.
    await putMember(owner, spaceId, karl, 'reader');
    await expect.poll(async () => (await mentionsOf(karl)).map((n) => n.commentId), { timeout: 10_000 }).toEqual([reply.id]);
    const [notice] = await mentionsOf(karl);
    expect(notice).toMatchObject({ pageId, actor: { id: owner.user.id, displayName: 'Olga Owner' }, pageTitle: 'Baugenehmigung', excerpt: '@Karl Kunz und @Emil Editor, bitte prüfen.' });
    expect((await karl.get('/api/v1/notifications/stream')).json()).toEqual({ unread: 1 });

    // Now a reader: editing the comment, another role, or the sweep tell nothing twice.
    const edited = await owner.patch(`/api/v1/comments/${reply.id}`, { body: `@[Karl Kunz](${karl.user.id}), bitte bis Freitag prüfen.` });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((edited.json() as WrittenComment).unreadableMentions).toEqual([]);
    await putMember(owner, spaceId, karl, 'editor');
    await sweepOnce(t.database.db);
    await new Promise((r) => setTimeout(r, 200));
    expect(await mentionsOf(karl)).toHaveLength(1);
  });

  it('tells a writer who may not add people so (they ask an owner), and lists only existing active accounts', async () => {
    const lena = await t.userClient({ displayName: 'Lena Lang' });
    const gone = await t.userClient({ displayName: 'Gerd Gegangen' });
    await t.database.db.updateTable('users').set({ active: false }).where('id', '=', gone.user.id).execute();
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const written = await comment(editor, `Fragen an @[Lena](${lena.user.id}), @[Gerd](${gone.user.id}) und @[Niemand](${unknown}).`);
    // The current name, not the one written.
    expect(written.unreadableMentions).toEqual([{ id: lena.user.id, displayName: 'Lena Lang' }]);
    expect(written.mayGrantAccess).toBe(false);
    // Mentioning oneself or readers only: nothing to report.
    expect((await comment(editor, `Notiz für @[mich](${editor.user.id}) und @[Olga](${owner.user.id})`)).unreadableMentions).toEqual([]);
  });

  it('delivers when a new role lets the person read every space (knowledge manager)', async () => {
    const admin = await t.userClient({ role: 'admin', displayName: 'Ada Admin' });
    const wanda = await t.userClient({ displayName: 'Wanda Wissen' });
    const written = await comment(editor, `@[Wanda Wissen](${wanda.user.id}) sollte das sammeln.`);
    expect(written.unreadableMentions.map((u) => u.id)).toEqual([wanda.user.id]);
    const res = await admin.patch(`/api/v1/users/${wanda.user.id}`, { role: 'knowledge_manager' });
    expect(res.statusCode, res.body).toBe(200);
    await expect.poll(async () => (await mentionsOf(wanda)).map((n) => n.commentId), { timeout: 10_000 }).toEqual([written.id]);
  });

  it('delivers from the audit log when the app was not told (the sweep), and not for mentions older than 30 days', async () => {
    const mia = await t.userClient({ displayName: 'Mia Maurer' });
    const recent = await comment(editor, `@[Mia Maurer](${mia.user.id}) kennt die Statik.`);
    const old = await comment(editor, `@[Mia Maurer](${mia.user.id}) wusste es früher.`);
    await sql`UPDATE comments SET created_at = now() - interval '40 days' WHERE id = ${old.id}`.execute(t.database.db);
    // Added by the service alone (as by another instance that stopped before telling this one).
    await setMember(t.database.db, spaceId, mia.user.id, 'reader', { actorId: owner.user.id, ip: null });
    expect(await mentionsOf(mia)).toEqual([]);
    await sweepOnce(t.database.db);
    expect((await mentionsOf(mia)).map((n) => n.commentId)).toEqual([recent.id]);
    await sweepOnce(t.database.db);
    expect(await mentionsOf(mia)).toHaveLength(1);
  });
});
