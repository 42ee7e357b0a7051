/**
 * Files found by search (server/src/files/text, server/src/search): real uploads over HTTP of
 * a PDF and a DOCX whose German phrase exists only inside the file. The app's own indexer runs
 * (woken after the upload, as in production); the phrase becomes searchable with the page, the
 * hit names the file and shows a snippet from it, and it is gone after the file is deleted.
 * Encrypted and corrupt documents are skipped with a reason shown on the file; the indexer
 * goes on with the rest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Attachment, SearchHit } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { docxFile, odtFile, pdfFile, RICH, xlsxFile } from '../support/office-files.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import type { Config } from '../../server/src/config.ts';
import { dropIndex, meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, searchConfig, type Combination } from '../search/backends.ts';
import { eventually, search } from '../search/support.ts';
import { upload } from './samples.ts';

/** The bound: searchable within 30 s of the upload, gone within 30 s of the deletion. */
const WITHIN_MS = 30_000;

reportMeiliSkip('attachment text search');
describe.each(postgresCombinations)('attachment text in search on $label', (c) => suite(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('attachment text in search on $label', (c) => suite(c));

function suite(c: Combination) {
  let t: TestApp;
  let dataDir: string;
  let editor: UserClient;
  let reader: UserClient;
  let outsider: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-text-'));
    const defaults = loadConfig({});
    t = await startSearchAppWith(c, { dataDir, files: { ...defaults.files, sweepIntervalMs: 0 } });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    outsider = await t.userClient({ displayName: 'Otto Außen' });
    spaceId = await seedSpace(t.database.db, { name: 'Ordnungsamt', editors: [editor], readers: [reader] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const hitsFor = async (client: UserClient, q: string): Promise<SearchHit[]> => (await search(client, q)).hits;
  const attached = async (pageId: string, name: string, bytes: Uint8Array): Promise<Attachment> => {
    const res = await upload(editor, pageId, name, Buffer.from(bytes));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const listed = async (pageId: string, id: string): Promise<Attachment> =>
    ((await reader.get(`/api/v1/pages/${pageId}/attachments`)).json() as Attachment[]).find((a) => a.id === id)!;

  it('finds a phrase that exists only inside an attached PDF, names the file, and forgets it after deletion', async () => {
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Straßenreinigung' });
    const file = await attached(pageId, 'Gebührenbescheid Straßenreinigung.pdf', await pdfFile(['Die Kehrpflicht im Winterdienst gilt werktags ab sieben Uhr.', 'Anlieger räumen den Gehweg in voller Breite.']));
    expect(file.textStatus).toBe('pending');

    await eventually(async () => (await hitsFor(reader, 'Kehrpflicht Winterdienst')).some((h) => h.pageId === pageId), WITHIN_MS);
    const hit = (await hitsFor(reader, 'Kehrpflicht Winterdienst')).find((h) => h.pageId === pageId)!;
    expect(hit.title).toBe('Straßenreinigung');
    expect(hit.attachment).toEqual({ id: file.id, name: 'Gebührenbescheid Straßenreinigung.pdf' });
    expect(hit.snippet).toMatch(/<mark>Kehrpflicht<\/mark>/);
    expect(await listed(pageId, file.id)).toMatchObject({ textStatus: 'ok', textReason: null });
    // Permissions are the page's: a user without access to the space finds nothing.
    expect((await hitsFor(outsider, 'Kehrpflicht Winterdienst')).map((h) => h.pageId)).not.toContain(pageId);

    expect((await editor.delete(`/api/v1/attachments/${file.id}`)).statusCode).toBe(204);
    await eventually(async () => !(await hitsFor(reader, 'Kehrpflicht Winterdienst')).some((h) => h.pageId === pageId), WITHIN_MS);
    // The page itself is still found by its own words.
    expect((await hitsFor(reader, 'Straßenreinigung')).map((h) => h.pageId)).toContain(pageId);
  });

  it('finds a phrase inside an attached DOCX and stops finding it once the file is deleted', async () => {
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Außengastronomie' });
    const file = await attached(pageId, 'Merkblatt Sondernutzung.docx', await docxFile({ ...RICH, paragraphs: ['Für Heizpilze gilt ein Verbot auf öffentlichen Gehwegen.'] }));
    await eventually(async () => (await hitsFor(reader, 'Heizpilze')).some((h) => h.pageId === pageId), WITHIN_MS);
    const hit = (await hitsFor(reader, 'Heizpilze')).find((h) => h.pageId === pageId)!;
    expect(hit.attachment).toEqual({ id: file.id, name: 'Merkblatt Sondernutzung.docx' });
    expect(hit.snippet).toContain('<mark>');

    expect((await editor.delete(`/api/v1/attachments/${file.id}`)).statusCode).toBe(204);
    await eventually(async () => !(await hitsFor(reader, 'Heizpilze')).some((h) => h.pageId === pageId), WITHIN_MS);
  });

  it('finds text in ODT and XLSX files too, and a page whose own words match shows its own snippet', async () => {
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Steuern' });
    await t.database.db.updateTable('pages').set({ text: 'Die Hundesteuer wird jährlich festgesetzt.' }).where('id', '=', pageId).execute();
    await attached(pageId, 'Vermerk.odt', odtFile({ ...RICH, paragraphs: ['Ersatzvornahme bei Wildwuchs auf Grundstücken'] }));
    await attached(pageId, 'Tarife.xlsx', xlsxFile('Tarife', [['Kampfhundezuschlag', 600]]));
    await eventually(async () => (await hitsFor(reader, 'Kampfhundezuschlag')).some((h) => h.pageId === pageId), WITHIN_MS);
    await eventually(async () => (await hitsFor(reader, 'Ersatzvornahme')).some((h) => h.pageId === pageId), WITHIN_MS);
    const own = (await hitsFor(reader, 'Hundesteuer')).find((h) => h.pageId === pageId)!;
    expect(own.attachment).toBeUndefined();
  });

  it('skips an encrypted PDF and a corrupt DOCX with their reason, and indexes the other files of the page', async () => {
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Personalakten' });
    const encrypted = await attached(pageId, 'Geheim.pdf', new Uint8Array(fs.readFileSync(new URL('../fixtures/files/encrypted-de.pdf', import.meta.url))));
    const docx = await docxFile(RICH);
    const corrupt = await attached(pageId, 'Kaputt.docx', docx.slice(0, Math.floor(docx.length / 2)));
    const good = await attached(pageId, 'Aktenplan.pdf', await pdfFile(['Aufbewahrungsfrist der Personalakten: zehn Jahre nach Ausscheiden.']));

    await eventually(async () => (await hitsFor(reader, 'Aufbewahrungsfrist')).some((h) => h.pageId === pageId), WITHIN_MS);
    expect(await listed(pageId, encrypted.id)).toMatchObject({ textStatus: 'skipped', textReason: 'encrypted' });
    expect(await listed(pageId, corrupt.id)).toMatchObject({ textStatus: 'skipped', textReason: 'corrupt' });
    expect(await listed(pageId, good.id)).toMatchObject({ textStatus: 'ok' });
    // The encrypted file's words never reach the index; its name does.
    expect((await hitsFor(reader, 'Geheimhaltungsstufe')).map((h) => h.pageId)).not.toContain(pageId);
    const byName = (await hitsFor(reader, 'Geheim')).find((h) => h.pageId === pageId);
    expect(byName?.attachment).toEqual({ id: encrypted.id, name: 'Geheim.pdf' });
  });
}

/** A search app on the combination whose files go to `dataDir`. */
async function startSearchAppWith(c: Combination, overrides: Partial<Config>): Promise<TestApp> {
  const app = await createTestApp(c.database, { ...searchConfig(c.search), ...overrides });
  const close = app.close;
  return Object.assign(app, {
    async close() {
      await dropIndex(app);
      await close();
    },
  });
}
