import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type Client, createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { addMember, createPage, seedSpace } from '../support/seed.ts';
import { importXml, linearModel, uploadVersion } from '../support/processes.ts';

describe.each(backends)('process permissions on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient, editor: UserClient, reader: UserClient, stranger: UserClient, manager: UserClient, admin: UserClient;
  let spaceId: string;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.userClient({ displayName: 'Eigentümerin' });
    editor = await t.userClient({ displayName: 'Redakteur' });
    reader = await t.userClient({ displayName: 'Leserin' });
    stranger = await t.userClient({ displayName: 'Fremder' });
    manager = await t.userClient({ role: 'knowledge_manager' });
    admin = await t.userClient({ role: 'admin' });
    spaceId = await seedSpace(t.database.db, { name: 'Jugendamt', owners: [owner], editors: [editor], readers: [reader] });
    processId = (await importXml(owner, spaceId, linearModel({ name: 'Hilfeplanung', taskIds: ['Gespraech'] }))).json().id;
  });
  afterAll(() => t?.close());

  const url = (suffix = '') => `/api/v1/processes/${processId}${suffix}`;

  it('lets readers, knowledge managers and admins view; non-members get 404 and anonymous 401', async () => {
    for (const viewer of [reader, editor, owner, manager, admin]) {
      for (const suffix of ['', '/bpmn', '/versions', '/coverage', '/steps/Gespraech/pages']) expect((await viewer.get(url(suffix))).statusCode, suffix).toBe(200);
      expect((await viewer.get(`/api/v1/processes?spaceId=${spaceId}`)).json().map((p: { id: string }) => p.id)).toContain(processId);
    }
    for (const suffix of ['', '/bpmn', '/versions', '/coverage', '/steps/Gespraech/pages']) {
      const res = await stranger.get(url(suffix));
      expect(res.statusCode, suffix).toBe(404);
      expect(res.body).not.toContain('Hilfeplanung');
      expect((await t.anonymous.get(url(suffix))).statusCode).toBe(401);
    }
    expect((await stranger.get(`/api/v1/processes?spaceId=${spaceId}`)).statusCode).toBe(404);
    // Without a space filter everyone sees the processes of the spaces they read, and no others.
    expect((await stranger.get('/api/v1/processes')).json().map((p: { id: string }) => p.id)).not.toContain(processId);
    expect((await reader.get('/api/v1/processes')).json().map((p: { id: string }) => p.id)).toContain(processId);
    expect((await manager.get('/api/v1/processes')).json().map((p: { id: string }) => p.id)).toContain(processId);
  });

  it('lets editors attach and detach, not readers; only owners and admins import, version and archive', async () => {
    const page = await createPage(editor, spaceId, 'Gesprächsleitfaden');
    const attach = (c: Client) => c.put(url(`/steps/Gespraech/pages/${page}`));
    expect((await attach(reader)).statusCode).toBe(403);
    expect((await attach(manager)).statusCode).toBe(403);
    expect((await attach(stranger)).statusCode).toBe(404);
    expect((await attach(editor)).statusCode).toBe(204);
    expect((await reader.delete(url(`/steps/Gespraech/pages/${page}`))).statusCode).toBe(403);
    expect((await editor.delete(url(`/steps/Gespraech/pages/${page}`))).statusCode).toBe(204);

    const xml = linearModel({ name: 'Neu', taskIds: ['X'] });
    for (const [client, status] of [[reader, 403], [editor, 403], [manager, 403], [stranger, 404], [owner, 201], [admin, 201]] as const) {
      expect((await importXml(client, spaceId, xml)).statusCode).toBe(status);
    }
    expect((await uploadVersion(editor, processId, linearModel({ name: 'Hilfeplanung', taskIds: ['Gespraech', 'Bericht'] }))).statusCode).toBe(403);
    expect((await editor.post(url('/archive'))).statusCode).toBe(403);
    expect((await stranger.post(url('/archive'))).statusCode).toBe(404);
    const problem = (await editor.post(url('/archive'))).json();
    expect(problem.type).toBe('urn:stafette:problem:forbidden');
  });

  it('attaches pages from any space the editor can read, and shows each viewer only the pages they can read', async () => {
    // Legal texts live in a central space the editor reads but the reader does not.
    const central = await seedSpace(t.database.db, { name: 'Rechtsgrundlagen', owners: [owner], readers: [editor] });
    const law = await createPage(owner, central, 'SGB VIII § 36');
    const local = await createPage(editor, spaceId, 'Ablauf Hilfeplangespräch');
    // A space the editor cannot read: the page is "not found" for them, whatever its id.
    const secret = await seedSpace(t.database.db, { name: 'Personalakten', owners: [owner] });
    const hidden = await createPage(owner, secret, 'Vertraulich');
    expect((await editor.put(url(`/steps/Gespraech/pages/${hidden}`))).statusCode).toBe(404);
    expect((await editor.put(url(`/steps/Gespraech/pages/${law}`))).statusCode).toBe(204);
    expect((await editor.put(url(`/steps/Gespraech/pages/${local}`))).statusCode).toBe(204);

    const titles = async (c: Client) => (await c.get(url('/steps/Gespraech/pages'))).json().map((p: { title: string }) => p.title);
    expect(await titles(editor)).toEqual(['Ablauf Hilfeplangespräch', 'SGB VIII § 36']);
    expect(await titles(reader)).toEqual(['Ablauf Hilfeplangespräch']);
    const covered = async (c: Client) => (await c.get(url('/coverage'))).json().steps.find((s: { elementId: string }) => s.elementId === 'Gespraech').pageCount;
    expect(await covered(editor)).toBe(2);
    expect(await covered(reader)).toBe(1);

    // From the page's side: its steps, in processes the viewer can read.
    expect((await owner.get(`/api/v1/pages/${law}/steps`)).json()).toEqual([expect.objectContaining({ processId, elementId: 'Gespraech', processName: 'Hilfeplanung' })]);
    expect((await reader.get(`/api/v1/pages/${law}/steps`)).statusCode).toBe(404);
    const outsider = await seedSpace(t.database.db, { name: 'Anderes Amt', owners: [stranger] });
    const strangersPage = await createPage(stranger, outsider, 'Eigene Seite');
    expect((await stranger.get(`/api/v1/pages/${strangersPage}/steps`)).json()).toEqual([]);
    await addMember(t.database.db, central, stranger, 'reader');
    // The stranger now reads the law page but still not the process's space: no steps disclosed.
    expect((await stranger.get(`/api/v1/pages/${law}/steps`)).json()).toEqual([]);
  });

  it('treats an archived space as read-only for processes, even for its owner', async () => {
    const archivedSpace = await seedSpace(t.database.db, { name: 'Aufgelöstes Amt', owners: [owner], editors: [editor] });
    const id = (await importXml(owner, archivedSpace, linearModel({ name: 'Alt', taskIds: ['A'] }))).json().id;
    const page = await createPage(editor, archivedSpace, 'Alte Seite');
    await t.database.db.updateTable('spaces').set({ archived_at: new Date() }).where('id', '=', archivedSpace).execute();
    expect((await owner.get(`/api/v1/processes/${id}`)).statusCode).toBe(200);
    for (const res of [
      await importXml(owner, archivedSpace, linearModel({ taskIds: ['B'] })),
      await uploadVersion(owner, id, linearModel({ taskIds: ['B'] })),
      await owner.post(`/api/v1/processes/${id}/archive`),
      await editor.put(`/api/v1/processes/${id}/steps/A/pages/${page}`),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().type).toBe('urn:stafette:problem:process-archived');
    }
  });

  it('needs the CSRF token for cookie-authenticated changes', async () => {
    const noCsrf = { ...owner.headers };
    delete (noCsrf as Record<string, string>)['x-csrf-token'];
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/processes/import?spaceId=${spaceId}`,
      headers: { ...noCsrf, 'content-type': 'application/xml' },
      payload: linearModel({ taskIds: ['A'] }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:stafette:problem:csrf-token-invalid');
  });
});
