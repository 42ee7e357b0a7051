/**
 * API tokens limited to chosen spaces: such a token sees and does only what its user may in
 * those spaces (pages, lists, search filters), nothing in other spaces (404, as for strangers)
 * and nothing instance-wide (403), even for an administrator. A token created without spaces
 * keeps its user's rights.
 */
import type { ApiToken, PageListItem, Space } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { addMember, seedPage, seedSpace } from '../support/seed.ts';
import { Client, createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

describe.each(backends)('API tokens limited to spaces on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  async function bearerOf(client: UserClient, body: Record<string, unknown>): Promise<{ bearer: Client; id: string; spaceIds: string[] | null }> {
    const res = await client.post('/api/v1/auth/tokens', body);
    expect(res.statusCode, res.body).toBe(201);
    return { bearer: new Client(t.app, { authorization: `Bearer ${res.json().token}` }), id: res.json().id, spaceIds: res.json().spaceIds };
  }

  /** An editor of two spaces, each with a page. */
  async function editorOfTwo() {
    const editor = await t.userClient();
    const allowed = await seedSpace(t.database.db, { name: `Bauamt ${Date.now()}` });
    const other = await seedSpace(t.database.db, { name: `Kämmerei ${Date.now()}` });
    await addMember(t.database.db, allowed, editor, 'editor');
    await addMember(t.database.db, other, editor, 'editor');
    const inAllowed = (await seedPage(t.database.db, { spaceId: allowed })).pageId;
    const inOther = (await seedPage(t.database.db, { spaceId: other })).pageId;
    return { editor, allowed, other, inAllowed, inOther };
  }

  it('reads and edits in its spaces only; other spaces answer 404 and vanish from lists', async () => {
    const { editor, allowed, other, inAllowed, inOther } = await editorOfTwo();
    const { bearer, id, spaceIds } = await bearerOf(editor, { name: 'Bauamt-Skript', spaceIds: [allowed] });
    expect(spaceIds).toEqual([allowed]);

    expect((await bearer.get(`/api/v1/pages/${inAllowed}`)).statusCode).toBe(200);
    expect((await bearer.get(`/api/v1/pages/${inOther}`)).statusCode).toBe(404);
    expect((await bearer.get(`/api/v1/spaces/${other}`)).statusCode).toBe(404);
    expect((await bearer.patch(`/api/v1/pages/${inOther}`, { title: 'Fremd' })).statusCode).toBe(404);
    expect((await bearer.post('/api/v1/pages', { spaceId: other, title: 'Fremd' })).statusCode).toBe(404);
    expect((await bearer.patch(`/api/v1/pages/${inAllowed}`, { title: 'Geändert' })).statusCode).toBe(200);
    expect((await bearer.post('/api/v1/pages', { spaceId: allowed, title: 'Neu im Bauamt' })).statusCode).toBe(201);

    const spaces = (await bearer.get('/api/v1/spaces')).json() as Space[];
    expect(spaces.map((s) => s.id)).toEqual([allowed]);
    const recent = (await bearer.get('/api/v1/pages/recent?limit=100')).json() as PageListItem[];
    expect(recent.map((p) => p.spaceId)).not.toContain(other);
    expect(recent.map((p) => p.id)).toContain(inAllowed);
    // The same user's session and unlimited token still see both.
    const full = await bearerOf(editor, { name: 'Alles' });
    expect(full.spaceIds).toBeNull();
    expect((await full.bearer.get(`/api/v1/pages/${inOther}`)).statusCode).toBe(200);
    expect(((await editor.get('/api/v1/spaces')).json() as Space[]).map((s) => s.id).sort()).toEqual([allowed, other].sort());

    const listed = (await editor.get('/api/v1/auth/tokens')).json() as ApiToken[];
    expect(listed.find((x) => x.id === id)?.spaceIds).toEqual([allowed]);
    expect(listed.find((x) => x.id === full.id)?.spaceIds).toBeNull();
  });

  it('shows and marks read only the notices about pages in its spaces; the session sees the whole inbox', async () => {
    const { editor, allowed, inAllowed, inOther } = await editorOfTwo();
    const notice = (pageId: string) => ({ user_id: editor.user.id, kind: 'page.changed', page_id: pageId, detail: JSON.stringify({ editors: [] }), batch_key: `test:${pageId}`, updated_at: new Date() });
    await t.database.db.insertInto('notifications').values([notice(inAllowed), notice(inOther)]).execute();
    const { bearer } = await bearerOf(editor, { name: 'Bauamt-Skript', spaceIds: [allowed] });

    const list = await bearer.get('/api/v1/notifications');
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json() as { items: { pageId: string }[] };
    expect(listed.items.map((n) => n.pageId)).toEqual([inAllowed]);
    expect((await bearer.get('/api/v1/notifications/stream', { headers: { accept: 'text/event-stream' } })).json()).toEqual({ unread: 1 });
    expect((await bearer.post('/api/v1/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    // The notice in the other space is still unread for the person.
    const inbox = (await editor.get('/api/v1/notifications?unread=true')).json() as { items: { pageId: string }[] };
    expect(inbox.items.map((n) => n.pageId)).toEqual([inOther]);
  });

  it('gives an administrator’s limited token nothing instance-wide and no other space', async () => {
    const admin = await t.userClient({ role: 'admin' });
    const allowed = await seedSpace(t.database.db);
    const other = await seedSpace(t.database.db);
    const inOther = (await seedPage(t.database.db, { spaceId: other })).pageId;
    const { bearer } = await bearerOf(admin, { name: 'Admin-Skript', spaceIds: [allowed] });

    for (const [method, url, body] of [
      ['GET', '/api/v1/audit', undefined],
      ['GET', '/api/v1/admin/security', undefined],
      ['POST', '/api/v1/spaces', { name: 'Neues Amt' }],
      ['POST', '/api/v1/users', { email: 'neu@example.org', displayName: 'Neu', password: 'ein-langes-Passwort', role: 'user' }],
    ] as const) {
      const res = await bearer.request(method, url, body ? { body } : {});
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().detail).toMatch(/limited to spaces/);
    }
    expect((await bearer.get(`/api/v1/pages/${inOther}`)).statusCode).toBe(404);
    expect(((await bearer.get('/api/v1/spaces')).json() as Space[]).map((s) => s.id)).toEqual([allowed]);
    expect((await bearer.get('/api/v1/interviews')).json()).toEqual([]);
    // Nor anything of the account itself.
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    for (const res of [await bearer.patch('/api/v1/auth/me', { displayName: 'Skript' }), await bearer.post('/api/v1/auth/logout-everywhere')]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/limited to spaces/);
    }
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    // The admin's session is untouched.
    expect((await admin.get('/api/v1/audit')).statusCode).toBe(200);
  });

  it('refuses spaces the user cannot read, and a read-only limit combines with a space limit', async () => {
    const { editor, allowed, inAllowed } = await editorOfTwo();
    const stranger = await seedSpace(t.database.db);
    const refused = await editor.post('/api/v1/auth/tokens', { name: 'Zu weit', spaceIds: [allowed, stranger] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().type).toBe('urn:stafette:problem:validation-failed');

    const { bearer } = await bearerOf(editor, { name: 'Nur lesen', spaceIds: [allowed], readOnly: true });
    expect((await bearer.get(`/api/v1/pages/${inAllowed}`)).statusCode).toBe(200);
    expect((await bearer.patch(`/api/v1/pages/${inAllowed}`, { title: 'Nein' })).statusCode).toBe(403);
  });

  it('reaches nothing once its only space is gone, never everything', async () => {
    const editor = await t.userClient();
    const doomed = await seedSpace(t.database.db);
    const kept = await seedSpace(t.database.db);
    await addMember(t.database.db, doomed, editor, 'owner');
    await addMember(t.database.db, kept, editor, 'owner');
    const inKept = (await seedPage(t.database.db, { spaceId: kept })).pageId;
    const { bearer } = await bearerOf(editor, { name: 'Einmal', spaceIds: [doomed] });
    await t.database.db.deleteFrom('pages').where('space_id', '=', doomed).execute();
    await t.database.db.deleteFrom('space_members').where('space_id', '=', doomed).execute();
    await t.database.db.deleteFrom('spaces').where('id', '=', doomed).execute();
    expect((await bearer.get(`/api/v1/pages/${inKept}`)).statusCode).toBe(404);
    expect((await bearer.get('/api/v1/spaces')).json()).toEqual([]);
  });
});
