import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { pageAccess, readableSpaceIds, spaceAccess } from '../../server/src/policy/pages.ts';
import type { AuthUser } from '../../server/src/auth/auth.ts';
import { createPage, ownerWithSpace, putMember } from '../support/seed.ts';
import { shape, tree } from '../support/page-tree.ts';

describe.each(backends)('spaces and members on %s', (backend) => {
  let t: TestApp;
  let admin: UserClient;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin' });
  });
  afterAll(() => t?.close());

  const asAuthUser = (u: { id: string; email: string; displayName: string; role: AuthUser['role'] }): AuthUser => ({ ...u, active: true, locale: 'de' });

  it('makes the creator owner and lists only the spaces a caller can read', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bürgeramt Mitte');
    const space = (await owner.get(`/api/v1/spaces/${spaceId}`)).json();
    expect(space).toMatchObject({ name: 'Bürgeramt Mitte', myRole: 'owner', archived: false, permissions: { canCreatePages: true, canManage: true } });
    const members = (await owner.get(`/api/v1/spaces/${spaceId}/members`)).json();
    expect(members).toEqual([expect.objectContaining({ userId: owner.user.id, role: 'owner' })]);

    const stranger = await t.userClient();
    expect((await stranger.get('/api/v1/spaces')).json().map((s: { id: string }) => s.id)).not.toContain(spaceId);
    expect((await stranger.get(`/api/v1/spaces/${spaceId}`)).statusCode).toBe(404);
    const km = await t.userClient({ role: 'knowledge_manager' });
    const seen = (await km.get('/api/v1/spaces')).json().find((s: { id: string }) => s.id === spaceId);
    expect(seen).toMatchObject({ myRole: null, permissions: { canCreatePages: false, canManage: false } });
    expect((await admin.get(`/api/v1/spaces/${spaceId}`)).json().permissions.canManage).toBe(true);
  });

  it('gives members the rights of their role, changes them and removes members', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const colleague = await t.userClient();
    const page = await createPage(owner, spaceId, 'Meldebescheinigung');
    expect((await colleague.get(`/api/v1/pages/${page}`)).statusCode).toBe(404);

    expect((await owner.put(`/api/v1/spaces/${spaceId}/members/${colleague.user.id}`, { role: 'reader' })).json().role).toBe('reader');
    const asReader = (await colleague.get(`/api/v1/pages/${page}`)).json();
    expect(asReader.permissions).toEqual({ canEdit: false, canManage: false, canExport: true });
    expect((await colleague.patch(`/api/v1/pages/${page}`, { title: 'x' })).statusCode).toBe(403);

    await owner.put(`/api/v1/spaces/${spaceId}/members/${colleague.user.id}`, { role: 'editor' });
    expect((await colleague.get(`/api/v1/pages/${page}`)).json().permissions).toEqual({ canEdit: true, canManage: false, canExport: true });
    expect((await colleague.patch(`/api/v1/pages/${page}`, { title: 'Meldebescheinigung beantragen' })).statusCode).toBe(200);
    expect((await colleague.put(`/api/v1/spaces/${spaceId}/members/${colleague.user.id}`, { role: 'owner' })).statusCode).toBe(403);

    expect((await owner.delete(`/api/v1/spaces/${spaceId}/members/${colleague.user.id}`)).statusCode).toBe(204);
    expect((await colleague.get(`/api/v1/pages/${page}`)).statusCode).toBe(404);
    expect((await owner.put(`/api/v1/spaces/${spaceId}/members/00000000-0000-4000-8000-000000000000`, { role: 'reader' })).statusCode).toBe(404);
    expect((await owner.put(`/api/v1/spaces/${spaceId}/members/${colleague.user.id}`, { role: 'chef' })).statusCode).toBe(400);
  });

  it('keeps at least one owner and lets members leave', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const res = await owner.put(`/api/v1/spaces/${spaceId}/members/${owner.user.id}`, { role: 'editor' });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe('urn:stafette:problem:last-owner');
    const second = await t.userClient();
    await putMember(owner, spaceId, second, 'owner');
    expect((await owner.delete(`/api/v1/spaces/${spaceId}/members/${owner.user.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/spaces/${spaceId}`)).statusCode).toBe(404);
    const reader = await t.userClient();
    await putMember(second, spaceId, reader, 'reader');
    expect((await reader.delete(`/api/v1/spaces/${spaceId}/members/${reader.user.id}`)).statusCode).toBe(204);
  });

  it('makes an archived space read-only except for its owners', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const editor = await t.userClient();
    await putMember(owner, spaceId, editor, 'editor');
    const page = await createPage(editor, spaceId, 'Bauantrag');
    const archived = await owner.post(`/api/v1/spaces/${spaceId}/archive`);
    expect(archived.json()).toMatchObject({ archived: true, permissions: { canCreatePages: false, canManage: true } });
    expect((await editor.get('/api/v1/spaces')).json().map((s: { id: string }) => s.id)).not.toContain(spaceId);
    expect((await editor.get('/api/v1/spaces?includeArchived=true')).json().map((s: { id: string }) => s.id)).toContain(spaceId);
    expect((await editor.get(`/api/v1/pages/${page}`)).json().permissions).toEqual({ canEdit: false, canManage: false, canExport: true });
    expect((await editor.patch(`/api/v1/pages/${page}`, { title: 'x' })).statusCode).toBe(403);
    expect((await editor.post('/api/v1/pages', { spaceId, title: 'Neu' })).statusCode).toBe(403);
    expect((await owner.post('/api/v1/pages', { spaceId, title: 'Neu' })).json().type).toBe('urn:stafette:problem:space-archived');
    expect((await owner.patch(`/api/v1/pages/${page}`, { title: 'x' })).statusCode).toBe(409);
    // Owners still manage members and can restore the space.
    const newcomer = await t.createUser();
    expect((await owner.put(`/api/v1/spaces/${spaceId}/members/${newcomer.id}`, { role: 'reader' })).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/spaces/${spaceId}/restore`)).json().archived).toBe(false);
    expect((await editor.patch(`/api/v1/pages/${page}`, { title: 'Bauantrag stellen' })).statusCode).toBe(200);
  });

  it('answers the policy API others build on', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const page = await createPage(owner, spaceId, 'Gewerbe anmelden');
    const reader = await t.createUser();
    const km = await t.createUser({ role: 'knowledge_manager' });
    const outsider = await t.createUser();
    await putMember(owner, spaceId, reader, 'reader');
    const db = t.database.db;
    expect(await pageAccess(db, asAuthUser(owner.user), page)).toEqual({ level: 'manage', page: { id: page, spaceId, archived: false } });
    expect((await pageAccess(db, asAuthUser(reader), page)).level).toBe('read');
    expect((await pageAccess(db, asAuthUser(km), page)).level).toBe('read');
    expect(await pageAccess(db, asAuthUser(outsider), page)).toEqual({ level: 'none', page: null });
    expect(await pageAccess(db, asAuthUser(owner.user), 'keine-uuid')).toEqual({ level: 'none', page: null });
    expect(await pageAccess(db, asAuthUser(owner.user), '00000000-0000-4000-8000-000000000000')).toEqual({ level: 'none', page: null });
    expect(await spaceAccess(db, asAuthUser(reader), spaceId)).toBe('read');
    expect(await spaceAccess(db, asAuthUser(outsider), spaceId)).toBe('none');
    expect(await readableSpaceIds(db, asAuthUser(km))).toBe('all');
    expect(await readableSpaceIds(db, asAuthUser(reader))).toEqual([spaceId]);
    expect(await readableSpaceIds(db, asAuthUser(outsider))).toEqual([]);

    // The database decides, not a stale user object: after deactivation everything is none.
    await admin.patch(`/api/v1/users/${reader.id}`, { active: false });
    expect((await pageAccess(db, asAuthUser(reader), page)).level).toBe('none');
    expect(await spaceAccess(db, asAuthUser(reader), spaceId)).toBe('none');
    expect(await readableSpaceIds(db, asAuthUser(reader))).toEqual([]);

    await owner.post(`/api/v1/pages/${page}/archive`);
    expect(await pageAccess(db, asAuthUser(owner.user), page)).toEqual({ level: 'manage', page: { id: page, spaceId, archived: true } });
  });

  it('emits events after the change committed', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const member = await t.createUser();
    const page = await createPage(owner, spaceId, 'A');
    const child = await createPage(owner, spaceId, 'B', page);
    const seen: string[] = [];
    const onMembership = (s: string, u: string) => seen.push(`membership ${s === spaceId} ${u === member.id}`);
    const onSpace = (s: string) => seen.push(`space ${s === spaceId}`);
    const onPage = async (p: string) => {
      // Listeners see the committed state.
      const row = await t.database.db.selectFrom('pages').select('archived_at').where('id', '=', p).executeTakeFirst();
      seen.push(`page ${p === page ? 'A' : p === child ? 'B' : '?'} ${row?.archived_at ? 'archived' : 'live'}`);
    };
    t.app.events.on('membership.changed', onMembership);
    t.app.events.on('space.changed', onSpace);
    t.app.events.on('page.changed', onPage);
    try {
      await owner.put(`/api/v1/spaces/${spaceId}/members/${member.id}`, { role: 'editor' });
      await owner.post(`/api/v1/pages/${page}/archive`);
      await owner.post(`/api/v1/spaces/${spaceId}/archive`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      t.app.events.off('membership.changed', onMembership);
      t.app.events.off('space.changed', onSpace);
      t.app.events.off('page.changed', onPage);
    }
    expect(seen.sort()).toEqual(['membership true true', 'page A archived', 'page B archived', 'space true'].sort());
  });

  it('lists recent pages and the caller’s own pages for the start page', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const editor = await t.userClient();
    await putMember(owner, spaceId, editor, 'editor');
    const mine = await createPage(owner, spaceId, 'Von der Eigentümerin');
    const edited = await createPage(owner, spaceId, 'Später bearbeitet');
    const created = await createPage(editor, spaceId, 'Vom Editor');
    await editor.patch(`/api/v1/pages/${edited}`, { title: 'Vom Editor bearbeitet' });
    await owner.patch(`/api/v1/pages/${edited}`, { title: 'Zuletzt von der Eigentümerin' });
    const editorsOwn = (await editor.get('/api/v1/pages/mine')).json().map((p: { id: string }) => p.id);
    expect(editorsOwn).toEqual([edited, created]);
    const recent = (await editor.get('/api/v1/pages/recent?limit=3')).json();
    expect(recent.map((p: { id: string }) => p.id)).toEqual([edited, created, mine]);
    expect(recent[0].spaceName).toBe('Bauamt');
    await owner.post(`/api/v1/pages/${created}/archive`);
    expect((await editor.get('/api/v1/pages/recent')).json().map((p: { id: string }) => p.id)).not.toContain(created);
    expect((await editor.get('/api/v1/pages/recent?limit=0')).statusCode).toBe(400);
  });

  it('answers unknown and malformed ids with 404 or 400, never 500', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    expect((await owner.get('/api/v1/pages/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await owner.get('/api/v1/pages/kein-uuid')).statusCode).toBe(400);
    expect((await owner.get('/api/v1/spaces/00000000-0000-4000-8000-000000000000/tree')).statusCode).toBe(404);
    expect((await owner.post('/api/v1/pages', { spaceId, title: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await owner.post('/api/v1/pages', { spaceId, parentId: '00000000-0000-4000-8000-000000000000', title: 'x' })).statusCode).toBe(404);
    expect((await owner.post('/api/v1/spaces', { name: '' })).statusCode).toBe(400);
    expect(shape(await tree(owner, spaceId))).toEqual([]);
  });
});
