/**
 * Text extraction is bounded (server/src/files/text): a file over STAFETTE_FILE_TEXT_MAX_BYTES is
 * not read, one whose extraction overruns STAFETTE_FILE_TEXT_TIMEOUT_MS ends its worker and is
 * marked failed; in either case the page and its other files are indexed and the indexer goes on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Attachment } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { backends } from '../support/databases.ts';
import { pdfFile } from '../support/office-files.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { eventually, search } from '../search/support.ts';
import { upload } from './samples.ts';

describe.each(backends)('text extraction bounds on %s', (backend) => {
  let t: TestApp;
  let dataDir: string;
  let editor: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-text-bounds-'));
    const defaults = loadConfig({});
    // PDFs run past a 1 ms deadline (pdf.js alone takes longer to load); plain text stays under it
    // only when small, so the size bound is what the text file meets.
    t = await createTestApp(backend, {
      dataDir,
      files: { ...defaults.files, sweepIntervalMs: 0 },
      fileText: { ...defaults.fileText, timeoutMs: 1, maxBytes: 64 * 1024 },
    });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    spaceId = await seedSpace(t.database.db, { name: 'Kämmerei', editors: [editor] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const status = async (pageId: string) => ((await editor.get(`/api/v1/pages/${pageId}/attachments`)).json() as Attachment[]).map((a) => [a.name, a.textStatus, a.textReason]);

  it('marks a file that overruns the deadline as failed and one over the size bound as skipped; the page is still found', async () => {
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Haushaltssatzung' });
    expect((await upload(editor, pageId, 'Haushalt.pdf', Buffer.from(await pdfFile(['Gesamtbetrag der Erträge im Ergebnishaushalt'])))).statusCode).toBe(201);
    expect((await upload(editor, pageId, 'Liste.txt', 'Kassenkredit '.repeat(10_000))).statusCode).toBe(201);

    await eventually(async () => (await status(pageId)).every(([, s]) => s !== 'pending'), 30_000);
    expect(await status(pageId)).toEqual(
      expect.arrayContaining([
        ['Haushalt.pdf', 'failed', 'timeout'],
        ['Liste.txt', 'skipped', 'too-large'],
      ]),
    );
    const hits = (await search(editor, 'Haushaltssatzung')).hits;
    expect(hits.map((h) => h.pageId)).toContain(pageId);
    // The indexer keeps going: a later page is indexed as usual.
    const later = await seedPage(t.database.db, { spaceId, title: 'Jahresabschluss' });
    await eventually(async () => (await search(editor, 'Jahresabschluss')).hits.some((h) => h.pageId === later.pageId), 30_000);
  });
});
