import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yDocToJSON, docToText } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { importMarkdown, seedSpace, startWithSpaceOwner } from '../support/seed.ts';
import { importXml, linearModel } from '../support/processes.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';

/**
 * Process packages: the export carries the process, the pages of its steps (Markdown and Yjs
 * state, checksums in the manifest) and says what it left out because of its classification.
 */
describe.each(backends)('process package export on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;
  let processId: string;
  let internalPage: string;
  let confidentialPage: string;

  beforeAll(async () => {
    ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Meldebehörde'));
    const db = t.database.db;
    await db.updateTable('spaces').set({ classification: 'intern' }).where('id', '=', spaceId).execute();
    const secretSpace = await seedSpace(db, { name: 'Personal', owners: [owner] });
    await db.updateTable('spaces').set({ classification: 'vertraulich' }).where('id', '=', secretSpace).execute();
    internalPage = await importMarkdown(owner, spaceId, 'Anmeldung prüfen', '## Prüfschritte\n\n- **Ausweis** ansehen\n- Wohnungsgeberbestätigung');
    confidentialPage = await importMarkdown(owner, secretSpace, 'Sonderfälle Personal', 'Vertraulich.');
    processId = (await importXml(owner, spaceId, linearModel({ name: 'Wohnsitz anmelden', taskIds: ['Pruefen', 'Eintragen'] }))).json().id;
    const actor = { actorId: owner.user.id, ip: null };
    await attachPage(db, processId, 'Pruefen', internalPage, actor);
    await attachPage(db, processId, 'Eintragen', internalPage, actor);
    await attachPage(db, processId, 'Eintragen', confidentialPage, actor);
  }, 120_000);
  afterAll(() => t?.close());

  it('exports one .stafette.zip with manifest, BPMN, pages and checksums, leaving out confidential pages with the reason', async () => {
    const res = await owner.get(`/api/v1/processes/${processId}/package`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('Wohnsitz anmelden.stafette.zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ format: 'stafette-process-package', formatVersion: 2, maxLevel: 'intern', process: { id: processId, name: 'Wohnsitz anmelden', version: 1 } });
    expect(Date.parse(manifest.exportedAt)).not.toBeNaN();
    expect(manifest.pages).toEqual([expect.objectContaining({ id: internalPage, title: 'Anmeldung prüfen', classification: 'intern' })]);
    expect(manifest.links).toEqual([
      { elementId: 'Pruefen', pageId: internalPage },
      { elementId: 'Eintragen', pageId: internalPage },
    ]);
    expect(manifest.leftOut).toEqual([{ kind: 'page', id: confidentialPage, title: 'Sonderfälle Personal', reason: expect.stringContaining('Vertraulich') }]);
    // Every file is in the manifest with its checksum, and nothing else is in the archive.
    expect(Object.keys(files).sort()).toEqual(['manifest.json', ...Object.keys(manifest.checksums)].sort());
    for (const [path, sum] of Object.entries(manifest.checksums)) expect(createHash('sha256').update(files[path]!).digest('hex'), path).toBe(sum);
    expect(strFromU8(files['process.bpmn']!)).toContain('id="Pruefen"');
    const markdown = strFromU8(files[`pages/${internalPage}.md`]!);
    expect(markdown).toContain('**Ausweis**');
    // The Yjs state is the page itself.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, files[`pages/${internalPage}.yjs`]!);
    expect(docToText(yDocToJSON(doc))).toContain('Wohnungsgeberbestätigung');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', processId).where('action', '=', 'process.package').execute();
    expect(audit).toHaveLength(1);
  });

  it('follows the export level setting: lower leaves the internal page out and says why, higher takes the confidential one along', async () => {
    const admin = await t.userClient({ role: 'admin' });
    const settings = (await admin.get('/api/v1/admin/publishing')).json();
    expect(settings.packageMaxLevel).toBe('intern');
    const manifestAt = async (level: string) => {
      expect((await admin.put('/api/v1/admin/publishing', { ...settings, packageMaxLevel: level })).statusCode).toBe(200);
      const res = await owner.get(`/api/v1/processes/${processId}/package`);
      return { status: res.statusCode, manifest: res.statusCode === 200 ? JSON.parse(strFromU8(unzipSync(new Uint8Array(res.rawPayload))['manifest.json']!)) : res.json() };
    };
    const high = await manifestAt('vertraulich');
    expect(high.manifest.maxLevel).toBe('vertraulich');
    expect(high.manifest.pages.map((p: { id: string }) => p.id).sort()).toEqual([internalPage, confidentialPage].sort());
    expect(high.manifest.leftOut).toEqual([]);
    // The process's space is intern: with the level at public the package is refused as a whole.
    const low = await manifestAt('oeffentlich');
    expect(low.status).toBe(403);
    expect(low.manifest.type).toBe('urn:stafette:problem:classification-export-denied');
    expect((await admin.put('/api/v1/admin/publishing', { ...settings, packageMaxLevel: 'geheim' })).statusCode).toBe(400);
    await manifestAt('intern');
  });

  it('refuses a process whose space is classified above the export level', async () => {
    const db = t.database.db;
    const secretSpace = await seedSpace(db, { name: 'Geheimes Amt', owners: [owner] });
    await db.updateTable('spaces').set({ classification: 'vertraulich' }).where('id', '=', secretSpace).execute();
    const secret = (await importXml(owner, secretSpace, linearModel({ name: 'Geheimer Ablauf', taskIds: ['A'] }))).json().id;
    const res = await owner.get(`/api/v1/processes/${secret}/package`);
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:stafette:problem:classification-export-denied');
  });
});
