import { randomBytes, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docToMarkdown, jsonToYUpdate, type PMNodeJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { importMarkdown, seedSpace, startWithSpaceOwner } from '../support/seed.ts';
import { importXml, linearModel, multipart, uploadVersion } from '../support/processes.ts';
import { changePackage, minimalPackage } from '../support/packages.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';

/**
 * Process packages between two instances: town A exports "Wohnsitz anmelden" with its pages,
 * town B (another app on another fresh database) previews and imports it, and later takes a
 * newer version over without losing its own pages. Hostile packages change nothing.
 */
describe.each(backends)('process package import on %s', (backend) => {
  let a: TestApp;
  let b: TestApp;
  let ownerA: UserClient;
  let ownerB: UserClient;
  let spaceA: string;
  let spaceB: string;
  let processA: string;
  let pageCheck: string;
  let pageEnter: string;
  let packageV1: Buffer;

  const zip = { 'content-type': 'application/zip' };
  const importUrl = (spaceId: string, dryRun = false) => `/api/v1/processes/import-package?spaceId=${spaceId}${dryRun ? '&dryRun=true' : ''}`;
  const counts = async (t: TestApp, spaceId: string) => {
    const db = t.database.db;
    const processes = await db.selectFrom('processes').select('id').where('space_id', '=', spaceId).execute();
    const pages = await db.selectFrom('pages').select('id').where('space_id', '=', spaceId).execute();
    return { processes: processes.length, pages: pages.length };
  };
  const docOf = async (t: TestApp, pageId: string) => (await t.database.db.selectFrom('pages').select('doc').where('id', '=', pageId).executeTakeFirstOrThrow()).doc as unknown as PMNodeJSON;

  beforeAll(async () => {
    ({ t: a, owner: ownerA, spaceId: spaceA } = await startWithSpaceOwner(backend, 'Meldebehörde'));
    ({ t: b, owner: ownerB, spaceId: spaceB } = await startWithSpaceOwner(backend, 'Bürgerbüro'));
    await a.database.db.updateTable('spaces').set({ classification: 'intern' }).where('id', '=', spaceA).execute();
    const secretSpace = await seedSpace(a.database.db, { name: 'Personal', owners: [ownerA] });
    await a.database.db.updateTable('spaces').set({ classification: 'vertraulich' }).where('id', '=', secretSpace).execute();
    pageCheck = await importMarkdown(ownerA, spaceA, 'Anmeldung prüfen', '## Prüfschritte\n\n- **Ausweis** ansehen\n- Wohnungsgeberbestätigung\n\n| Frist | Tage |\n|---|---|\n| Anmeldung | 14 |');
    pageEnter = await importMarkdown(ownerA, spaceA, 'Im Melderegister eintragen', 'Die Daten *sorgfältig* übernehmen.\n\n1. Suchen\n2. Eintragen');
    const secret = await importMarkdown(ownerA, secretSpace, 'Sonderfälle Personal', 'Streng intern: Namen der Beschäftigten.');
    processA = (await importXml(ownerA, spaceA, linearModel({ name: 'Wohnsitz anmelden', taskIds: ['Pruefen', 'Eintragen'] }))).json().id;
    const actor = { actorId: ownerA.user.id, ip: null };
    await attachPage(a.database.db, processA, 'Pruefen', pageCheck, actor);
    await attachPage(a.database.db, processA, 'Eintragen', pageCheck, actor);
    await attachPage(a.database.db, processA, 'Eintragen', pageEnter, actor);
    await attachPage(a.database.db, processA, 'Eintragen', secret, actor);
    const res = await ownerA.get(`/api/v1/processes/${processA}/package`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    packageV1 = res.rawPayload;
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('previews the package with dryRun=true and writes nothing', async () => {
    const before = await counts(b, spaceB);
    const auditBefore = await b.database.db.selectFrom('audit_log').select('id').execute();
    const res = await ownerB.post(importUrl(spaceB, true), packageV1, { headers: zip });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const preview = res.json();
    expect(preview.action).toBe('create');
    expect(preview.process).toEqual({ name: 'Wohnsitz anmelden', version: 1, steps: 4 });
    expect(preview.pages).toEqual([
      { title: 'Anmeldung prüfen', action: 'create' },
      { title: 'Im Melderegister eintragen', action: 'create' },
    ]);
    expect(preview.links).toEqual([
      { elementId: 'Pruefen', pageTitle: 'Anmeldung prüfen' },
      { elementId: 'Eintragen', pageTitle: 'Anmeldung prüfen' },
      { elementId: 'Eintragen', pageTitle: 'Im Melderegister eintragen' },
    ]);
    expect(preview.files.map((f: { path: string }) => f.path).sort()).toEqual(['pages/' + pageCheck + '.md', 'pages/' + pageCheck + '.yjs', 'pages/' + pageEnter + '.md', 'pages/' + pageEnter + '.yjs', 'process.bpmn'].sort());
    // The confidential page stayed at home, and the preview says so.
    expect(preview.leftOut).toEqual([expect.objectContaining({ kind: 'page', title: 'Sonderfälle Personal' })]);
    expect(JSON.stringify(preview)).not.toContain('Namen der Beschäftigten');
    expect(preview.conflicts).toEqual([]);
    expect(await counts(b, spaceB)).toEqual(before);
    expect(await b.database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
  });

  it('names conflicts in the preview: a process and a page of the same name in the space', async () => {
    const other = await seedSpace(b.database.db, { name: 'Andere Abteilung', owners: [ownerB] });
    await importXml(ownerB, other, linearModel({ name: 'Wohnsitz anmelden', taskIds: ['X'] }));
    const page = await importMarkdown(ownerB, other, 'Anmeldung prüfen', 'Unsere eigene Seite.');
    const res = await ownerB.post(importUrl(other, true), packageV1, { headers: zip });
    expect(res.statusCode).toBe(200);
    const kinds = res.json().conflicts.map((c: { kind: string; id: string }) => [c.kind, c.id === page ? 'page' : 'x']);
    expect(kinds).toEqual(expect.arrayContaining([['process-name', 'x'], ['page-title', 'page']]));
  });

  it('imports process, pages (content equal, marked as taken over) and step links in one go, audited', async () => {
    const { body, contentType } = multipart('Wohnsitz anmelden.stafette.zip', packageV1);
    const res = await ownerB.post(importUrl(spaceB), body, { headers: { 'content-type': contentType } });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({ action: 'create', process: { name: 'Wohnsitz anmelden', version: 1 }, links: 3 });
    expect(result.pages.map((p: { title: string; action: string }) => [p.title, p.action])).toEqual([
      ['Anmeldung prüfen', 'create'],
      ['Im Melderegister eintragen', 'create'],
    ]);
    const processB = result.process.id as string;
    const [checkB, enterB] = result.pages.map((p: { id: string }) => p.id);

    // The process is there with its steps, and the steps carry the pages as at the source.
    const process = (await ownerB.get(`/api/v1/processes/${processB}`)).json();
    expect(process.steps.map((s: { elementId: string }) => s.elementId)).toEqual(expect.arrayContaining(['Pruefen', 'Eintragen']));
    const links = await b.database.db.selectFrom('process_step_pages').select(['element_id', 'page_id']).where('process_id', '=', processB).orderBy('element_id').orderBy('page_id').execute();
    expect(links).toEqual(
      [
        { element_id: 'Eintragen', page_id: checkB },
        { element_id: 'Eintragen', page_id: enterB },
        { element_id: 'Pruefen', page_id: checkB },
      ].sort((x, y) => x.element_id.localeCompare(y.element_id) || x.page_id.localeCompare(y.page_id)),
    );

    // Each page: a first paragraph "Übernommen von …, <Datum>", then exactly the source's content.
    for (const [source, copy] of [
      [pageCheck, checkB],
      [pageEnter, enterB],
    ] as const) {
      const original = await docOf(a, source);
      const imported = await docOf(b, copy);
      expect(docToMarkdown({ ...imported, content: imported.content!.slice(1) })).toBe(docToMarkdown(original));
      const note = docToMarkdown({ ...imported, content: imported.content!.slice(0, 1) });
      expect(note).toMatch(/Übernommen von .+, \d{2}\.\d{2}\.\d{4}/);
    }
    // Readable through the API like any page, and found among the space's pages.
    const page = await ownerB.get(`/api/v1/pages/${checkB}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().title).toBe('Anmeldung prüfen');
    const text = (await b.database.db.selectFrom('pages').select('text').where('id', '=', checkB).executeTakeFirstOrThrow()).text;
    expect(text).toContain('Wohnungsgeberbestätigung');
    expect(text).not.toContain('Namen der Beschäftigten');

    const audit = await b.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', processB).where('action', '=', 'process.package.import').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ action: 'create', pagesCreated: 2, links: 3 });
  });

  it('takes a newer package of the same process over as a new version, keeping the pages here; refuses one that is not newer', async () => {
    const again = await ownerB.post(importUrl(spaceB), packageV1, { headers: zip });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('urn:stafette:problem:package-not-newer');

    expect((await uploadVersion(ownerA, processA, linearModel({ name: 'Wohnsitz anmelden', taskIds: ['Pruefen', 'Eintragen', 'Bescheinigen'] }))).statusCode).toBe(201);
    const newer = (await ownerA.get(`/api/v1/processes/${processA}/package`)).rawPayload;
    const before = await counts(b, spaceB);
    const kept = (await b.database.db.selectFrom('process_package_pages').select('page_id').execute()).map((r) => r.page_id);
    const renamed = kept[0]!;
    expect((await ownerB.patch(`/api/v1/pages/${renamed}`, { title: 'Anmeldung prüfen (bei uns)' })).statusCode).toBeLessThan(300);
    const docsBefore = await Promise.all(kept.map((id) => docOf(b, id)));
    const preview = (await ownerB.post(importUrl(spaceB, true), newer, { headers: zip })).json();
    expect(preview.action).toBe('update');
    expect(preview.conflicts).toEqual([expect.objectContaining({ kind: 'update' })]);
    expect(preview.pages.every((p: { action: string }) => p.action === 'keep')).toBe(true);

    const res = await ownerB.post(importUrl(spaceB), newer, { headers: zip });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const result = res.json();
    expect(result).toMatchObject({ action: 'update', process: { version: 2 } });
    expect(result.pages.every((p: { action: string }) => p.action === 'keep')).toBe(true);
    // No second process, no copies of the pages; the process has the new step.
    expect(await counts(b, spaceB)).toEqual(before);
    const process = (await ownerB.get(`/api/v1/processes/${result.process.id}`)).json();
    expect(process.steps.map((s: { elementId: string }) => s.elementId)).toContain('Bescheinigen');
    // The pages here stay as they are: the local title and the bodies.
    expect(await Promise.all(kept.map((id) => docOf(b, id)))).toEqual(docsBefore);
    expect((await ownerB.get(`/api/v1/pages/${renamed}`)).json().title).toBe('Anmeldung prüfen (bei uns)');
  });

  it('links the public source in the note when the package names one', async () => {
    const space = await seedSpace(b.database.db, { name: 'Quellen', owners: [ownerB] });
    const pkg = changePackage(minimalPackage(), (_files, manifest) => {
      manifest.pages[0].publicUrl = 'https://musterstadt.example/public/pages/p1';
    });
    const res = await ownerB.post(importUrl(space), pkg, { headers: zip });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const md = docToMarkdown(await docOf(b, res.json().pages[0].id));
    expect(md).toContain('[Stadt Musterstadt](https://musterstadt.example/public/pages/p1)');
    expect(md).toContain('Personalausweis');
  });

  it('points links to the pages and steps of the package at the copies; people of the source stay as text', async () => {
    const space = await seedSpace(b.database.db, { name: 'Verweise', owners: [ownerB] });
    const body = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Frag ' },
            { type: 'mention', attrs: { id: randomUUID(), label: 'Eva Muster' } },
            { type: 'text', text: ', siehe ' },
            { type: 'page_link', attrs: { pageId: 'p1', title: 'Gewerbeanmeldung prüfen' } },
            { type: 'text', text: ' und ' },
            { type: 'step_link', attrs: { processId: 'proc-1', elementId: 'Annehmen', label: 'Annehmen' } },
            { type: 'text', text: ' und ' },
            { type: 'page_link', attrs: { pageId: randomUUID(), title: 'Nur in Musterstadt' } },
          ],
        },
      ],
    };
    const pkg = changePackage(minimalPackage(), (files, manifest) => {
      files['pages/p1.yjs'] = jsonToYUpdate(body);
      manifest.pages[0].state = 'pages/p1.yjs';
    });
    const res = await ownerB.post(importUrl(space), pkg, { headers: zip });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const { process, pages } = res.json();
    const paragraph = (await docOf(b, pages[0].id)).content![1]!.content!;
    expect(paragraph).toContainEqual(expect.objectContaining({ type: 'page_link', attrs: expect.objectContaining({ pageId: pages[0].id }) }));
    expect(paragraph).toContainEqual(expect.objectContaining({ type: 'step_link', attrs: expect.objectContaining({ processId: process.id, elementId: 'Annehmen' }) }));
    expect(paragraph.some((n) => n.type === 'mention')).toBe(false);
    const text = (await b.database.db.selectFrom('pages').select('text').where('id', '=', pages[0].id).executeTakeFirstOrThrow()).text;
    expect(text).toContain('@Eva Muster');
    expect(text).toContain('Nur in Musterstadt');
    // The step link is a real one here: the page shows up at the step.
    const stepLinks = await b.database.db.selectFrom('page_step_links').select(['process_id', 'element_id']).where('page_id', '=', pages[0].id).execute();
    expect(stepLinks).toEqual([{ process_id: process.id, element_id: 'Annehmen' }]);
  });

  describe('refuses hostile packages without side effects', () => {
    const base = () => minimalPackage({ processId: 'hostile' });
    const bigZeros = new Uint8Array(4 * 1024 * 1024);
    const cases: [string, () => Buffer, string][] = [
      ['a ZIP bomb (compression ratio)', () => changePackage(base(), (files) => void (files['pages/p1.md'] = bigZeros)), 'archive-unsafe'],
      ['a path leaving the archive', () => Buffer.from(zipSync({ 'manifest.json': strToU8('{}'), '../../etc/passwd': strToU8('x') })), 'archive-unsafe'],
      ['an absolute path', () => Buffer.from(zipSync({ 'manifest.json': strToU8('{}'), '/etc/passwd': strToU8('x') })), 'archive-unsafe'],
      ['a symbolic link', () => Buffer.from(zipSync({ 'manifest.json': strToU8('{}'), 'pages/link.md': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] })), 'archive-unsafe'],
      ['the same entry twice', () => changePackage(base(), (files) => void (files['Process.bpmn'] = files['process.bpmn']!), false), 'archive-unsafe'],
      ['a file that differs from its checksum', () => changePackage(base(), (files) => void (files['pages/p1.md'] = strToU8('Manipuliert.')), false), 'package-invalid'],
      ['a file the manifest does not name', () => changePackage(base(), (files, manifest) => {
        files['extra.exe'] = strToU8('MZ');
        manifest.checksums = {};
      }, false), 'package-invalid'],
      ['a manifest of another format', () => changePackage(base(), (_files, manifest) => void (manifest.format = 'something-else')), 'package-invalid'],
      ['BPMN the importer refuses', () => changePackage(base(), (files) => void (files['process.bpmn'] = strToU8('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'))), 'bpmn-doctype-forbidden'],
      ['a Yjs state that is no page body', () => changePackage(base(), (files, manifest) => {
        files['pages/p1.yjs'] = new Uint8Array(randomBytes(200));
        manifest.pages[0].state = 'pages/p1.yjs';
      }), 'package-invalid'],
      ['an oversized page file', () => changePackage(base(), (files) => void (files['pages/p1.md'] = strToU8(randomBytes(7 * 1024 * 1024).toString('base64')))), 'archive-unsafe'],
      ['a NUL character in the manifest', () => changePackage(base(), (_files, manifest) => void (manifest.pages[0].title = 'Gewerbe\u0000anmelden')), 'package-invalid'],
      ['not a ZIP at all', () => Buffer.from('PK nothing here'), 'archive-unreadable'],
    ];
    it.each(cases)('%s', async (_name, build, slug) => {
      const before = await counts(b, spaceB);
      for (const dryRun of [true, false]) {
        const res = await ownerB.post(importUrl(spaceB, dryRun), build(), { headers: zip });
        expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().type).toBe(`urn:stafette:problem:${slug}`);
      }
      expect(await counts(b, spaceB)).toEqual(before);
    });
  });

  it('lets only those who may import processes into the space import', async () => {
    const reader = await b.userClient();
    const editor = await b.userClient();
    const space = await seedSpace(b.database.db, { name: 'Nur lesen', owners: [ownerB], readers: [reader], editors: [editor] });
    for (const who of [reader, editor]) {
      const res = await who.post(importUrl(space, true), minimalPackage(), { headers: zip });
      expect(res.statusCode).toBe(403);
    }
    const stranger = await b.userClient();
    expect((await stranger.post(importUrl(space, true), minimalPackage(), { headers: zip })).statusCode).toBe(404);
  });
});
