import type { Comment, CommentList, NotificationList } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { type SpaceCast, startSpaceCast } from '../support/knowledge.ts';
import { indexed } from '../search/support.ts';

const anchor = { from: 'AQID', to: 'BAUG', quote: 'die Gebühr beträgt 12 €' };

/** Threads, replies, resolving, editing and deleting comments; who may; mentions; search and export. */
describe.each(backends)('comments on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  let pageId: string;
  beforeAll(async () => {
    ({ t, c } = await startSpaceCast(backend, 'Bürgeramt'));
    pageId = await importMarkdown(c.owner, c.spaceId, 'Meldebescheinigung', '# Meldebescheinigung\n\nDie Gebühr beträgt 12 €.');
  }, 60_000);
  afterAll(() => t?.close());

  const post = async (client: Client, body: Record<string, unknown>, page = pageId) => {
    const res = await client.post(`/api/v1/pages/${page}/comments`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Comment;
  };
  const list = async (client: Client, page = pageId) => {
    const res = await client.get(`/api/v1/pages/${page}/comments`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CommentList;
  };
  const inbox = async (client: Client) => (await client.get('/api/v1/notifications?unread=true')).json() as NotificationList;

  it('keeps inline threads with replies in order, and page-level discussion without an anchor', async () => {
    const page = await importMarkdown(c.owner, c.spaceId, 'Wohngeld', 'Antrag stellen.');
    const inline = await post(c.reader, { body: 'Ist das noch **aktuell**?', anchor });
    expect(inline).toMatchObject({ threadId: null, anchor, author: { id: c.reader.user.id, displayName: 'Rita Reader' }, resolvedAt: null });
    const general = await post(c.editor, { body: 'Allgemeine Frage zur Seite' });
    expect(general.anchor).toBeNull();
    const reply = await post(c.editor, { body: 'Ja, seit Januar.', parentId: inline.id });
    expect(reply.threadId).toBe(inline.id);
    // A reply to a reply joins the thread.
    const second = await post(c.reader, { body: 'Danke!', parentId: reply.id });
    expect(second.threadId).toBe(inline.id);
    const items = (await list(c.reader)).items.filter((i) => [inline.id, general.id, reply.id, second.id].includes(i.id));
    expect(items.map((i) => i.body)).toEqual(['Ist das noch **aktuell**?', 'Ja, seit Januar.', 'Danke!', 'Allgemeine Frage zur Seite']);
    // A reply carries no anchor of its own, and comments of another page are not replied to here.
    expect((await c.reader.post(`/api/v1/pages/${pageId}/comments`, { body: 'x', parentId: inline.id, anchor })).statusCode).toBe(400);
    expect((await c.reader.post(`/api/v1/pages/${page}/comments`, { body: 'x', parentId: inline.id })).statusCode).toBe(404);
  });

  it('lets editors and the thread starter resolve and reopen; a reply reopens', async () => {
    const thread = await post(c.reader, { body: 'Tippfehler im zweiten Absatz', anchor });
    const other = await post(c.editor, { body: 'Frage von Emil', anchor });
    expect((await c.reader.post(`/api/v1/comments/${other.id}/resolve`)).statusCode).toBe(403);
    const resolved = await c.editor.post(`/api/v1/comments/${thread.id}/resolve`);
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ id: thread.id, resolvedBy: { id: c.editor.user.id } });
    expect((await c.reader.post(`/api/v1/comments/${thread.id}/reopen`)).json()).toMatchObject({ resolvedAt: null });
    await c.editor.post(`/api/v1/comments/${thread.id}/resolve`);
    await post(c.owner, { body: 'Doch noch offen', parentId: thread.id });
    expect((await list(c.reader)).items.find((i) => i.id === thread.id)?.resolvedAt).toBeNull();
  });

  it('lets authors edit their own and owners delete any; deleting the first comment removes the thread', async () => {
    const mine = await post(c.reader, { body: 'Erster Entwurf', anchor });
    const reply = await post(c.editor, { body: 'Antwort', parentId: mine.id });
    expect((await c.editor.patch(`/api/v1/comments/${mine.id}`, { body: 'fremd' })).statusCode).toBe(403);
    const edited = await c.reader.patch(`/api/v1/comments/${mine.id}`, { body: 'Zweiter Entwurf' });
    expect(edited.json()).toMatchObject({ body: 'Zweiter Entwurf', permissions: { canEdit: true, canDelete: true } });
    expect(edited.json().editedAt).not.toBeNull();
    expect((await c.reader.delete(`/api/v1/comments/${reply.id}`)).statusCode).toBe(403);
    expect((await c.owner.delete(`/api/v1/comments/${mine.id}`)).statusCode).toBe(204);
    const ids = (await list(c.owner)).items.map((i) => i.id);
    expect(ids).not.toContain(mine.id);
    expect(ids).not.toContain(reply.id);
    expect((await c.editor.patch(`/api/v1/comments/${reply.id}`, { body: 'weg' })).statusCode).toBe(404);
  });

  it('hides comments from those who cannot read the page (404), and follows the space setting for readers', async () => {
    const comment = await post(c.editor, { body: 'Intern' });
    expect((await c.outsider.get(`/api/v1/pages/${pageId}/comments`)).statusCode).toBe(404);
    expect((await c.outsider.patch(`/api/v1/comments/${comment.id}`, { body: 'x' })).statusCode).toBe(404);
    expect((await c.outsider.post(`/api/v1/comments/${comment.id}/resolve`)).statusCode).toBe(404);
    expect((await c.reader.put(`/api/v1/spaces/${c.spaceId}/comment-settings`, { readersMayComment: false })).statusCode).toBe(403);
    expect((await c.owner.put(`/api/v1/spaces/${c.spaceId}/comment-settings`, { readersMayComment: false })).json()).toEqual({ readersMayComment: false });
    expect((await list(c.reader)).canComment).toBe(false);
    expect((await c.reader.post(`/api/v1/pages/${pageId}/comments`, { body: 'Darf ich?' })).statusCode).toBe(403);
    expect((await c.editor.post(`/api/v1/pages/${pageId}/comments`, { body: 'Ich darf' })).statusCode).toBe(201);
    await c.owner.put(`/api/v1/spaces/${c.spaceId}/comment-settings`, { readersMayComment: true });
    expect((await list(c.reader)).canComment).toBe(true);
  });

  it('notifies a mentioned reader once, and nobody who cannot read the page', async () => {
    const before = (await inbox(c.reader)).items.length;
    const comment = await post(c.editor, { body: `@[Rita Reader](${c.reader.user.id}) und @[Otto](${c.outsider.user.id}), was meint ihr?` });
    const mine = (await inbox(c.reader)).items.filter((n) => n.commentId === comment.id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'mention', pageId, actor: { id: c.editor.user.id, displayName: 'Emil Editor' }, pageTitle: 'Meldebescheinigung' })]);
    expect(mine[0]!.excerpt).toBe('@Rita Reader und @Otto, was meint ihr?');
    // Editing the comment (the mention still in it) notifies nobody again.
    await c.editor.patch(`/api/v1/comments/${comment.id}`, { body: `@[Rita Reader](${c.reader.user.id}), was meinst du?` });
    expect((await inbox(c.reader)).items.length).toBe(before + 1);
    expect((await inbox(c.outsider)).items).toEqual([]);
    // @ offers only readers of the page.
    const offered = (await c.editor.get(`/api/v1/pages/${pageId}/mentionable?q=t`)).json() as { id: string }[];
    expect(offered.map((u) => u.id)).not.toContain(c.outsider.user.id);
    expect(offered.map((u) => u.id)).toContain(c.reader.user.id);
  });

  it('tells thread participants of replies, marks read, and keeps names current', async () => {
    const thread = await post(c.reader, { body: 'Wer weiß das?', anchor });
    await post(c.editor, { body: 'Ich schaue nach.', parentId: thread.id });
    const replies = (await inbox(c.reader)).items.filter((n) => n.kind === 'reply');
    expect(replies.length).toBeGreaterThan(0);
    const res = await c.reader.post('/api/v1/notifications/read', { ids: [replies[0]!.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await inbox(c.reader)).items.map((n) => n.id)).not.toContain(replies[0]!.id);
    expect((await c.reader.post('/api/v1/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    expect((await inbox(c.reader)).items).toEqual([]);
    // Renamed: mentions and notices show the new name.
    await t.database.db.updateTable('users').set({ display_name: 'Emil Neumann' }).where('id', '=', c.editor.user.id).execute();
    const names = (await c.reader.get(`/api/v1/pages/${pageId}/mentionable?ids=${c.editor.user.id}`)).json();
    expect(names).toEqual([{ id: c.editor.user.id, displayName: 'Emil Neumann' }]);
    const all = (await c.reader.get('/api/v1/notifications')).json() as NotificationList;
    expect(all.items.find((n) => n.kind === 'reply')?.actor?.displayName).toBe('Emil Neumann');
    await t.database.db.updateTable('users').set({ display_name: 'Emil Editor' }).where('id', '=', c.editor.user.id).execute();
  });

  it('finds a page by the words of its comments, for readers of the page only', async () => {
    const page = await importMarkdown(c.owner, c.spaceId, 'Fundsachen', 'Abgabe im Bürgerbüro.');
    await post(c.editor, { body: 'Regenschirme werden nach drei Monaten versteigert.' }, page);
    await indexed(t);
    const hits = (await c.reader.get('/api/v1/search?q=versteigert')).json() as { hits: { pageId: string }[] };
    expect(hits.hits.map((h) => h.pageId)).toContain(page);
    expect(((await c.outsider.get('/api/v1/search?q=versteigert')).json() as { hits: unknown[] }).hits).toEqual([]);
  });

  it('exports comments on request, escaped, and only then', async () => {
    const page = await importMarkdown(c.owner, c.spaceId, 'Export', 'Text.');
    await post(c.editor, { body: 'Siehe <script>alert(1)</script> **hier**', anchor }, page);
    const plain = await c.reader.get(`/api/v1/pages/${page}/export?format=markdown`);
    expect(plain.body).not.toContain('Kommentare');
    const md = await c.reader.get(`/api/v1/pages/${page}/export?format=markdown&comments=true`);
    expect(md.statusCode, md.body).toBe(200);
    expect(md.body).toContain('## Kommentare');
    expect(md.body).toContain('Emil Editor');
    const html = await c.reader.get(`/api/v1/pages/${page}/export?format=html&comments=true`);
    expect(html.body).toContain('<h2>Kommentare</h2>');
    expect(html.body).toContain('&lt;script&gt;');
    expect(html.body).not.toContain('<script>');
  });
});
