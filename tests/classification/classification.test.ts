import { Readable } from 'node:stream';
import type { ClassificationScheme, Page, SearchResult, Space, TreeNode } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess, seedSpace } from '../support/seed.ts';
import { type Client, createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { settled } from '../search/support.ts';
import { mailMayQuote } from '../../server/src/mail/quote-gate.ts';
import { isPublishable } from '../../server/src/classification/gates.ts';

/** Classification: the scheme, levels of spaces and pages with inheritance, and the gates where content leaves. */
describe.each(backends)('classification on %s', (backend) => {
  let t: TestApp;
  let admin: UserClient;
  let owner: UserClient;
  let editor: UserClient;
  let reader: UserClient;
  let manager: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin', displayName: 'Anna Admin' });
    owner = await t.userClient({ displayName: 'Olga Owner' });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    manager = await t.userClient({ role: 'knowledge_manager', displayName: 'Karl Manager' });
    spaceId = await seedSpace(t.database.db, { name: 'Ordnungsamt', owners: [owner], editors: [editor], readers: [reader] });
  }, 180_000);
  afterAll(() => t?.close());

  const page = async (client: Client, id: string) => {
    const res = await client.get(`/api/v1/pages/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const classify = (client: Client, id: string, classification: string | null) => client.patch(`/api/v1/pages/${id}`, { classification });
  const auditOf = (pageId: string, action: string) =>
    t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('target_id', '=', pageId).where('action', '=', action).orderBy('seq').execute();
  const newSpace = async (name: string) => seedSpace(t.database.db, { name, owners: [owner], editors: [editor], readers: [reader] });

  it('has the municipal default scheme, readable by every signed-in user, changed by administrators only', async () => {
    const res = await reader.get('/api/v1/admin/classification');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      levels: [
        { key: 'oeffentlich', rank: 0, label: 'Öffentlich' },
        { key: 'intern', rank: 1, label: 'Intern' },
        { key: 'vertraulich', rank: 2, label: 'Vertraulich' },
        { key: 'streng-vertraulich', rank: 3, label: 'Streng vertraulich' },
      ],
      defaultLevel: 'intern',
    } satisfies ClassificationScheme);
    expect((await t.anonymous.get('/api/v1/admin/classification')).statusCode).toBe(401);

    const labels = { oeffentlich: 'Offen', intern: 'Nur für den Dienstgebrauch', vertraulich: 'Vertraulich', 'streng-vertraulich': 'Streng vertraulich' };
    expect((await owner.put('/api/v1/admin/classification', { labels, defaultLevel: 'vertraulich' })).statusCode).toBe(403);
    expect((await manager.put('/api/v1/admin/classification', { labels, defaultLevel: 'vertraulich' })).statusCode).toBe(403);
    // Keys are fixed: an unknown level or a missing label is refused.
    expect((await admin.put('/api/v1/admin/classification', { labels: { ...labels, geheim: 'Geheim' }, defaultLevel: 'intern' })).statusCode).toBe(400);
    expect((await admin.put('/api/v1/admin/classification', { labels, defaultLevel: 'geheim' })).statusCode).toBe(400);
    expect((await admin.put('/api/v1/admin/classification', { labels: { ...labels, intern: ' ' }, defaultLevel: 'intern' })).statusCode).toBe(400);

    const changed = await admin.put('/api/v1/admin/classification', { labels, defaultLevel: 'vertraulich' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ defaultLevel: 'vertraulich', levels: [{ key: 'oeffentlich', label: 'Offen' }, { key: 'intern', label: 'Nur für den Dienstgebrauch' }, {}, {}] });
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'classification.scheme.update').execute();
    expect(audit).toEqual([
      {
        actor_id: admin.user.id,
        detail: {
          renamed: { oeffentlich: { from: 'Öffentlich', to: 'Offen' }, intern: { from: 'Intern', to: 'Nur für den Dienstgebrauch' } },
          defaultLevel: 'vertraulich',
          previousDefaultLevel: 'intern',
        },
      },
    ]);

    // A new space starts at the default; its pages inherit it.
    const created = await owner.post('/api/v1/spaces', { name: 'Personalamt' });
    expect((created.json() as Space).classification).toBe('vertraulich');

    // Back to the shipped labels for the tests below.
    const shipped = { oeffentlich: 'Öffentlich', intern: 'Intern', vertraulich: 'Vertraulich', 'streng-vertraulich': 'Streng vertraulich' };
    expect((await admin.put('/api/v1/admin/classification', { labels: shipped, defaultLevel: 'intern' })).statusCode).toBe(200);
  });

  it('gives every page at least its space’s level and lets sub-pages inherit from the pages above them', async () => {
    const sid = await newSpace('Standesamt');
    const parent = await importMarkdown(owner, sid, 'Eheschließung');
    const child = await (async () => {
      const res = await owner.post('/api/v1/pages', { spaceId: sid, parentId: parent, title: 'Namensführung' });
      return res.json().id as string;
    })();
    expect(await page(reader, child)).toMatchObject({ classification: 'intern', ownClassification: null, inheritedClassification: 'intern' });

    // Owners set the space's level; editors may not.
    expect((await editor.patch(`/api/v1/spaces/${sid}`, { classification: 'vertraulich' })).statusCode).toBe(403);
    const raised = await owner.patch(`/api/v1/spaces/${sid}`, { classification: 'vertraulich' });
    expect(raised.statusCode, raised.body).toBe(200);
    expect((raised.json() as Space).classification).toBe('vertraulich');
    expect((await reader.get(`/api/v1/spaces/${sid}`)).json().classification).toBe('vertraulich');
    expect(await page(reader, child)).toMatchObject({ classification: 'vertraulich', ownClassification: null, inheritedClassification: 'vertraulich' });

    // Never below the space.
    const below = await classify(editor, parent, 'intern');
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ type: 'urn:stafette:problem:classification-below-space' });
    expect(below.json().detail).toContain('Standesamt');

    // Raised above the space: the page and everything below it.
    const up = await classify(editor, parent, 'streng-vertraulich');
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ classification: 'streng-vertraulich', ownClassification: 'streng-vertraulich', inheritedClassification: 'vertraulich' });
    expect(await page(reader, child)).toMatchObject({ classification: 'streng-vertraulich', ownClassification: null, inheritedClassification: 'streng-vertraulich' });
    const belowParent = await classify(owner, child, 'vertraulich');
    expect(belowParent.statusCode).toBe(409);
    expect(belowParent.json().type).toBe('urn:stafette:problem:classification-below-parent');

    // The tree shows the effective levels.
    const tree = (await reader.get(`/api/v1/spaces/${sid}/tree`)).json() as TreeNode[];
    expect(tree).toMatchObject([{ id: parent, classification: 'streng-vertraulich', children: [{ id: child, classification: 'streng-vertraulich' }] }]);

    // Readers do not classify; editors raise, only owners lower.
    expect((await classify(reader, child, 'streng-vertraulich')).statusCode).toBe(403);
    const lower = await classify(editor, parent, null);
    expect(lower.statusCode).toBe(403);
    expect(lower.json().type).toBe('urn:stafette:problem:classification-downgrade-denied');
    expect((await classify(owner, parent, null)).json()).toMatchObject({ classification: 'vertraulich', ownClassification: null });

    // Renaming still works alone and together with a level.
    const both = await owner.patch(`/api/v1/pages/${parent}`, { title: 'Eheschließung im Ausland', classification: 'vertraulich' });
    expect(both.json()).toMatchObject({ title: 'Eheschließung im Ausland', classification: 'vertraulich', ownClassification: 'vertraulich' });
    expect((await editor.patch(`/api/v1/pages/${parent}`, { title: 'Eheschließung' })).json()).toMatchObject({ title: 'Eheschließung', ownClassification: 'vertraulich' });
    expect((await editor.patch(`/api/v1/pages/${parent}`, {})).statusCode).toBe(400);

    expect((await auditOf(parent, 'page.classification.update')).map((a) => [a.actor_id, a.detail])).toEqual([
      [editor.user.id, { own: 'streng-vertraulich', previousOwn: null, classification: 'streng-vertraulich', previousClassification: 'vertraulich' }],
      [owner.user.id, { own: null, previousOwn: 'streng-vertraulich', classification: 'vertraulich', previousClassification: 'streng-vertraulich' }],
      [owner.user.id, { own: 'vertraulich', previousOwn: null, classification: 'vertraulich', previousClassification: 'vertraulich' }],
    ]);
    const spaceAudit = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('target_id', '=', sid).where('action', '=', 'space.classification.update').execute();
    expect(spaceAudit).toEqual([{ actor_id: owner.user.id, detail: { classification: 'vertraulich', previousClassification: 'intern' } }]);
  });

  it('lets only editors export a confidential page, marks every export with its level and records every attempt', async () => {
    const internal = await importMarkdown(owner, spaceId, 'Parkausweis', '# Parkausweis\n\nAntrag stellen.');
    const open = await reader.get(`/api/v1/pages/${internal}/export?format=markdown`);
    expect(open.statusCode).toBe(200);
    expect(open.body.startsWith('Klassifizierung: Intern\n\n')).toBe(true);
    expect(open.body.trimEnd().endsWith('Klassifizierung: Intern')).toBe(true);
    expect(await auditOf(internal, 'page.export')).toEqual([]);

    const secret = await importMarkdown(owner, spaceId, 'Gefährderliste', '# Gefährderliste\n\nNur intern führen.');
    expect((await classify(editor, secret, 'vertraulich')).statusCode).toBe(200);

    expect((await page(reader, secret)).permissions).toEqual({ canEdit: false, canManage: false, canExport: false });
    expect((await page(editor, secret)).permissions).toEqual({ canEdit: true, canManage: false, canExport: true });
    expect((await page(reader, internal)).permissions.canExport).toBe(true);
    const refused = await reader.get(`/api/v1/pages/${secret}/export?format=html`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: 'urn:stafette:problem:classification-export-denied' });
    expect(refused.json().detail).toContain('Vertraulich');
    // Knowledge managers read every space, but they do not edit it.
    expect((await manager.get(`/api/v1/pages/${secret}/export?format=markdown`)).statusCode).toBe(403);

    const allowed = await editor.get(`/api/v1/pages/${secret}/export?format=html`);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('<p class="classification"><strong>Klassifizierung: Vertraulich</strong></p>');
    expect(allowed.body).toContain('Nur intern führen.');
    expect((await admin.get(`/api/v1/pages/${secret}/export?format=markdown`)).statusCode).toBe(200);

    // An attached file leaves like an export.
    const file = await t.app.files.create(
      { pageId: secret, name: 'Liste.txt', stream: Readable.from([Buffer.from('Name; Grund')]), uploaderId: editor.user.id },
      { actorId: editor.user.id, ip: null },
    );
    const download = await reader.get(`/api/v1/attachments/${file.id}`);
    expect(download.statusCode).toBe(403);
    expect(download.json().type).toBe('urn:stafette:problem:classification-export-denied');
    expect((await editor.get(`/api/v1/attachments/${file.id}`)).body).toBe('Name; Grund');

    expect((await auditOf(secret, 'page.export')).map((a) => [a.actor_id, a.detail])).toEqual([
      [reader.user.id, { format: 'html', classification: 'vertraulich', allowed: false }],
      [manager.user.id, { format: 'markdown', classification: 'vertraulich', allowed: false }],
      [editor.user.id, { format: 'html', classification: 'vertraulich', allowed: true }],
      [admin.user.id, { format: 'markdown', classification: 'vertraulich', allowed: true }],
      [reader.user.id, { attachmentId: file.id, name: 'Liste.txt', classification: 'vertraulich', allowed: false }],
      [editor.user.id, { attachmentId: file.id, name: 'Liste.txt', classification: 'vertraulich', allowed: true }],
    ]);
  });

  it('records every read of a strictly confidential page and keeps it off devices', async () => {
    const strict = await importMarkdown(owner, spaceId, 'Personalakte Müller', '# Personalakte\n\nDisziplinarverfahren.');
    const plain = await importMarkdown(owner, spaceId, 'Öffnungszeiten');
    expect((await classify(editor, strict, 'streng-vertraulich')).statusCode).toBe(200);

    const read = await reader.get(`/api/v1/pages/${strict}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['x-stafette-offline']).toBeUndefined();
    expect((await reader.get(`/api/v1/pages/${plain}`)).headers['x-stafette-offline']).toBe('allowed');
    expect((await reader.get(`/api/v1/pages/${strict}/versions`)).statusCode).toBe(200);
    expect((await editor.get(`/api/v1/pages/${strict}/export?format=markdown`)).statusCode).toBe(200);
    expect((await reader.get(`/api/v1/pages/${plain}/versions`)).statusCode).toBe(200);

    expect((await auditOf(strict, 'page.read')).map((a) => [a.actor_id, a.detail])).toEqual([
      [reader.user.id, { via: 'page', classification: 'streng-vertraulich' }],
      [reader.user.id, { via: 'versions', classification: 'streng-vertraulich' }],
      [editor.user.id, { via: 'export', classification: 'streng-vertraulich' }],
    ]);
    expect(await auditOf(plain, 'page.read')).toEqual([]);
  });

  it('tells live sockets to re-check and the mail and publishing gates what the level allows', async () => {
    const sid = await newSpace('Rechnungsprüfung');
    const parent = await importMarkdown(owner, sid, 'Prüfbericht');
    const child = (await owner.post('/api/v1/pages', { spaceId: sid, parentId: parent, title: 'Anlage' })).json().id as string;
    const pages: string[] = [];
    const spaces: string[] = [];
    const onPage = (id: string) => pages.push(id);
    const onSpace = (id: string) => spaces.push(id);
    t.app.events.on('page.changed', onPage);
    t.app.events.on('space.changed', onSpace);
    try {
      expect((await classify(editor, parent, 'streng-vertraulich')).statusCode).toBe(200);
      expect(pages.sort()).toEqual([parent, child].sort());
      expect((await owner.patch(`/api/v1/spaces/${sid}`, { classification: 'vertraulich' })).statusCode).toBe(200);
      expect(spaces).toEqual([sid]);
      // Renaming only is no change of access.
      expect((await owner.patch(`/api/v1/spaces/${sid}`, { name: 'Rechnungsprüfungsamt' })).statusCode).toBe(200);
      expect(spaces).toEqual([sid]);
    } finally {
      t.app.events.off('page.changed', onPage);
      t.app.events.off('space.changed', onSpace);
    }
    // Mail says only that something changed on a strictly confidential page (and its sub-pages).
    expect(await mailMayQuote(t.database.db, child)).toBe(false);
    expect(await mailMayQuote(t.database.db, (await importMarkdown(owner, spaceId, 'Sprechzeiten')))).toBe(true);
    expect(await mailMayQuote(t.database.db, null)).toBe(true);
    expect(['oeffentlich', 'intern', 'vertraulich', 'streng-vertraulich'].map((l) => isPublishable(l as 'intern'))).toEqual([true, false, false, false]);
  });

  it('shows the level in search hits and the step panel and offers strictly confidential pages to members only as suggestions', async () => {
    const sid = await newSpace('Jugendamt');
    const strict = await importMarkdown(owner, sid, 'Kindeswohlgefährdung Meldekette', '# Meldekette\n\nKindeswohlgefährdung melden.');
    const confidential = await importMarkdown(owner, sid, 'Kindeswohlgefährdung Checkliste', '# Checkliste\n\nKindeswohlgefährdung prüfen.');
    expect((await classify(owner, strict, 'streng-vertraulich')).statusCode).toBe(200);
    expect((await classify(owner, confidential, 'vertraulich')).statusCode).toBe(200);
    await settled(t);

    const levels = (r: SearchResult) => Object.fromEntries(r.hits.map((h) => [h.pageId, h.classification]));
    const full = (await admin.get(`/api/v1/search?q=Kindeswohlgef%C3%A4hrdung&spaceId=${sid}`)).json() as SearchResult;
    expect(levels(full)).toEqual({ [strict]: 'streng-vertraulich', [confidential]: 'vertraulich' });

    // An administrator who is not a member gets no suggestion of the strictly confidential page; a member does.
    const suggested = (await admin.get(`/api/v1/search?q=Kindeswohlgef%C3%A4hrdung&spaceId=${sid}&suggest=true`)).json() as SearchResult;
    expect(levels(suggested)).toEqual({ [confidential]: 'vertraulich' });
    const forReader = (await reader.get(`/api/v1/search?q=Kindeswohlgef%C3%A4hrdung&spaceId=${sid}&suggest=true`)).json() as SearchResult;
    expect(levels(forReader)).toEqual({ [strict]: 'streng-vertraulich', [confidential]: 'vertraulich' });

    // The process side panel lists attached pages with their level.
    const processId = await seedProcess(t.database.db, sid, 'Gefährdungsmeldung', ['melden']);
    expect((await owner.put(`/api/v1/processes/${processId}/steps/melden/pages/${confidential}`)).statusCode).toBe(204);
    const attached = await reader.get(`/api/v1/processes/${processId}/steps/melden/pages`);
    expect(attached.json()).toMatchObject([{ id: confidential, classification: 'vertraulich' }]);
  });
});
