import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PMNodeJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import { importXml, linearModel } from '../support/processes.ts';
import { changePackage, minimalPackage } from '../support/packages.ts';
import { createFilesApp, pdf, png, upload } from '../files/samples.ts';
import { clamdMissing, EICAR, startClamd } from '../files/clamd.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const zip = { 'content-type': 'application/zip' };
const importUrl = (spaceId: string) => `/api/v1/processes/import-package?spaceId=${spaceId}`;
const clamd = clamdMissing();

/**
 * Attached files travel with a process package: town A's pages carry a site plan (image in the
 * body) and a form (file card); town B, on another fresh database, gets the same bytes stored as
 * its own uploads, and the bodies point at its copies. Files of pages above the export level stay
 * home; files larger than B takes, or infected ones, refuse the package with nothing written.
 */
describe.each(backends)('process package files on %s', (backend) => {
  let a: TestApp & { dataDir: string };
  let b: TestApp & { dataDir: string };
  let ownerA: UserClient;
  let ownerB: UserClient;
  let spaceB: string;
  let pageId: string;
  let secretPage: string;
  let processId: string;
  let image: { id: string; bytes: Buffer };
  let form: { id: string; bytes: Buffer };
  let exported: Buffer;

  const served = async (client: UserClient, id: string) => {
    const res = await client.get(`/api/v1/attachments/${id}`);
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };

  beforeAll(async () => {
    a = await createFilesApp(backend);
    b = await createFilesApp(backend);
    ownerA = await a.userClient({});
    ownerB = await b.userClient({});
    const spaceA = await seedSpace(a.database.db, { name: 'Meldebehörde', owners: [ownerA] });
    await a.database.db.updateTable('spaces').set({ classification: 'intern' }).where('id', '=', spaceA).execute();
    spaceB = await seedSpace(b.database.db, { name: 'Bürgerbüro', owners: [ownerB] });

    pageId = await importMarkdown(ownerA, spaceA, 'Anmeldung prüfen', 'Platzhalter');
    const pngRes = await upload(ownerA, pageId, 'Lageplan.png', await png());
    const pdfRes = await upload(ownerA, pageId, 'Meldeschein.pdf', await pdf());
    const gone = await upload(ownerA, pageId, 'Alt.pdf', await pdf('Veraltet'));
    expect([pngRes.statusCode, pdfRes.statusCode, gone.statusCode]).toEqual([201, 201, 201]);
    expect((await ownerA.delete(`/api/v1/attachments/${gone.json().id}`)).statusCode).toBe(204);
    image = { id: pngRes.json().id, bytes: await served(ownerA, pngRes.json().id) };
    form = { id: pdfRes.json().id, bytes: await served(ownerA, pdfRes.json().id) };
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Der Lageplan:' }] },
        { type: 'paragraph', content: [{ type: 'image', attrs: { src: `/api/v1/attachments/${image.id}`, alt: 'Lageplan', title: null } }] },
        { type: 'paragraph', content: [{ type: 'file', attrs: { attachmentId: form.id, name: 'Meldeschein.pdf', size: form.bytes.length, type: 'application/pdf' } }] },
      ],
    };
    expect((await ownerA.put(`/api/v1/pages/${pageId}/content`, { doc })).statusCode).toBe(200);

    secretPage = await importMarkdown(ownerA, spaceA, 'Sonderfälle', 'Nur intern.');
    await a.database.db.updateTable('pages').set({ classification: 'vertraulich' }).where('id', '=', secretPage).execute();
    expect((await upload(ownerA, secretPage, 'Liste.pdf', await pdf('Namen'))).statusCode).toBe(201);

    processId = (await importXml(ownerA, spaceA, linearModel({ name: 'Wohnsitz anmelden', taskIds: ['Pruefen', 'Sonder'] }))).json().id;
    const actor = { actorId: ownerA.user.id, ip: null };
    await attachPage(a.database.db, processId, 'Pruefen', pageId, actor);
    await attachPage(a.database.db, processId, 'Sonder', secretPage, actor);
    const res = await ownerA.get(`/api/v1/processes/${processId}/package`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    exported = res.rawPayload;
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('carries the live files of the carried pages with their checksums, not those of pages above the export level', () => {
    const files = unzipSync(exported);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.attachments.map((f: { name: string }) => f.name).sort()).toEqual(['Lageplan.png', 'Meldeschein.pdf']);
    for (const f of manifest.attachments) {
      expect(f.pageId).toBe(pageId);
      expect(manifest.checksums[f.file]).toBe(sha256(files[f.file]!));
    }
    expect(sha256(files[`files/${image.id}`]!)).toBe(sha256(image.bytes));
    expect(sha256(files[`files/${form.id}`]!)).toBe(sha256(form.bytes));
    expect(Object.keys(files).some((p) => p.includes('Liste'))).toBe(false);
    expect(manifest.leftOut).toContainEqual(expect.objectContaining({ kind: 'page', title: 'Sonderfälle' }));
  });

  it('recreates the files in the other instance as uploads (same bytes) and points the body at them', async () => {
    const res = await ownerB.post(importUrl(spaceB), exported, { headers: zip });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const result = res.json();
    const newPage = result.pages[0].id as string;
    expect(result.files.map((f: { name: string }) => f.name).sort()).toEqual(['Lageplan.png', 'Meldeschein.pdf']);
    const byName = new Map<string, { id: string; sha256: string; pageId: string }>(result.files.map((f: { name: string; id: string; sha256: string; pageId: string }) => [f.name, f]));
    const newImage = byName.get('Lageplan.png')!;
    const newForm = byName.get('Meldeschein.pdf')!;
    expect(sha256(await served(ownerB, newImage.id))).toBe(sha256(image.bytes));
    expect(sha256(await served(ownerB, newForm.id))).toBe(sha256(form.bytes));
    expect(newImage.sha256).toBe(sha256(image.bytes));
    expect(newForm.pageId).toBe(newPage);

    const listed = await ownerB.get(`/api/v1/pages/${newPage}/attachments`);
    expect(listed.json().map((f: { name: string }) => f.name).sort()).toEqual(['Lageplan.png', 'Meldeschein.pdf']);
    const doc = (await b.database.db.selectFrom('pages').select('doc').where('id', '=', newPage).executeTakeFirstOrThrow()).doc as unknown as PMNodeJSON;
    const inline = (doc.content ?? []).flatMap((n) => n.content ?? []);
    expect(inline).toContainEqual({ type: 'image', attrs: { src: `/api/v1/attachments/${newImage.id}`, alt: 'Lageplan', title: null } });
    expect(inline).toContainEqual(expect.objectContaining({ type: 'file', attrs: expect.objectContaining({ attachmentId: newForm.id, name: 'Meldeschein.pdf' }) }));
    const audit = await b.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'attachment.create').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a package whose listed file is missing, or of another size than stated', async () => {
    const missing = changePackage(exported, (files) => {
      delete files[`files/${form.id}`];
    });
    expect((await ownerB.post(importUrl(spaceB), missing, { headers: zip })).json().type).toBe('urn:stafette:problem:package-invalid');
    const resized = changePackage(exported, (_files, manifest) => {
      manifest.attachments[0].size += 1;
    });
    expect((await ownerB.post(importUrl(spaceB), resized, { headers: zip })).json().type).toBe('urn:stafette:problem:package-invalid');
  });

  it('puts the new pages under a chosen page of the space (parentId), shown in the dry run; another space\'s page or an archived one is refused', async () => {
    const parent = await importMarkdown(ownerB, spaceB, 'Gewerbe', 'Alles zum Gewerbe.');
    const pkg = minimalPackage({ processId: 'unter-seite' });
    const preview = await ownerB.post(`${importUrl(spaceB)}&dryRun=true&parentId=${parent}`, pkg, { headers: zip });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().parent).toEqual({ id: parent, title: 'Gewerbe' });
    const res = await ownerB.post(`${importUrl(spaceB)}&parentId=${parent}`, pkg, { headers: zip });
    expect(res.statusCode, res.body).toBe(201);
    const row = await b.database.db.selectFrom('pages').select('parent_id').where('id', '=', res.json().pages[0].id).executeTakeFirstOrThrow();
    expect(row.parent_id).toBe(parent);

    const otherSpace = await seedSpace(b.database.db, { name: 'Anderswo', owners: [ownerB] });
    const foreign = await importMarkdown(ownerB, otherSpace, 'Fremd', 'x');
    const archived = await importMarkdown(ownerB, spaceB, 'Archiviert', 'x');
    await b.database.db.updateTable('pages').set({ archived_at: new Date(), archive_root_id: archived }).where('id', '=', archived).execute();
    const again = minimalPackage({ processId: 'unter-seite-2' });
    for (const [id, status] of [[foreign, 404], ['00000000-0000-4000-8000-000000000000', 404], [archived, 409]] as const) {
      for (const dry of ['&dryRun=true', '']) {
        const refused = await ownerB.post(`${importUrl(spaceB)}${dry}&parentId=${id}`, again, { headers: zip });
        expect(refused.statusCode, `${id}${dry}`).toBe(status);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect((await ownerB.post(`${importUrl(spaceB)}&parentId=kein-uuid`, again, { headers: zip })).statusCode).toBe(400);
    expect(await b.database.db.selectFrom('process_package_sources').select('process_id').where('source_process_id', '=', 'unter-seite-2').execute()).toEqual([]);
  });

  describe('with a small upload limit and a virus scanner', () => {
    let c: TestApp & { dataDir: string };
    let scanner: Awaited<ReturnType<typeof startClamd>> | null = null;
    let ownerC: UserClient;
    let spaceC: string;
    const state = async () => ({
      pages: (await c.database.db.selectFrom('pages').select('id').execute()).length,
      blobs: (await c.database.db.selectFrom('file_blobs').select('sha256').execute()).length,
      processes: (await c.database.db.selectFrom('processes').select('id').execute()).length,
    });

    beforeAll(async () => {
      if (!clamd) scanner = await startClamd();
      c = await createFilesApp(backend, { maxBytes: 600, ...(scanner ? { clamav: scanner.socket } : {}) });
      ownerC = await c.userClient({});
      spaceC = await seedSpace(c.database.db, { name: 'Ordnungsamt', owners: [ownerC] });
    }, 120_000);
    afterAll(async () => {
      await c?.close();
      await scanner?.stop();
    });

    it('refuses a file larger than this instance takes, with nothing written', async () => {
      const before = await state();
      const res = await ownerC.post(importUrl(spaceC), exported, { headers: zip });
      expect(res.statusCode).toBe(422);
      expect(res.json().type).toBe('urn:stafette:problem:archive-unsafe');
      expect(await state()).toEqual(before);
    });

    it.skipIf(clamd !== null)('refuses an infected file, audited, with nothing written', async () => {
      const infected = changePackage(minimalPackage({ processId: 'virus' }), (files, manifest) => {
        files['files/f1'] = strToU8(EICAR);
        manifest.formatVersion = 2;
        manifest.attachments = [{ id: 'f1', pageId: 'p1', name: 'Rechnung.txt', type: 'text/plain', size: EICAR.length, file: 'files/f1' }];
      });
      const before = await state();
      const res = await ownerC.post(importUrl(spaceC), infected, { headers: zip });
      expect(res.statusCode).toBe(422);
      expect(res.json().type).toBe('urn:stafette:problem:file-infected');
      expect(await state()).toEqual(before);
      const audit = await c.database.db.selectFrom('audit_log').select(['target_id', 'detail']).where('action', '=', 'attachment.infected').execute();
      expect(audit).toEqual([{ target_id: spaceC, detail: expect.objectContaining({ name: 'Rechnung.txt', source: 'process-package' }) }]);
    });
  });
});
