/**
 * Office documents in real Chromium: a Word document imported from the page menu becomes a
 * sub-page with its headings, list, table, bold text, link and image; a PDF attached to a page
 * is found by a phrase only it contains, and the result names the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace } from '../support/seed.ts';
import { docxFile, pdfFile, RICH } from '../support/office-files.ts';
import { multipart } from '../files/samples.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signIn, waitForLive } from './support/ui.ts';

describe.each(browserBackends('pglite'))('office documents in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('imports a DOCX as a sub-page and finds a phrase inside an attached PDF', async () => {
    const anna = await server.user({ displayName: 'Anna Schmidt' });
    const space = await createSpace(anna.api, 'Ordnungsamt');
    const parentId = await createPage(anna.api, space.id, 'Merkblätter');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-e2e-docx-'));
    const docx = path.join(dir, 'Sondernutzung.docx');
    fs.writeFileSync(docx, await docxFile(RICH));

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, anna.email);
    await tab.goto(`/pages/${parentId}`);
    await waitForLive(tab);
    await tab.getByRole('button', { name: 'Weitere Aktionen für diese Seite' }).click();
    await tab.getByRole('menuitem', { name: 'Dokumente als Unterseiten importieren' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Dokumente importieren' });
    await dialog.getByLabel('Dateien (.md, .docx, .odt)').setInputFiles([docx]);
    await dialog.getByRole('button', { name: 'Importieren' }).click();

    // The imported page opens, titled by the document's first heading.
    await tab.waitForFunction((title) => document.querySelector<HTMLTextAreaElement>('[aria-label="Seitentitel"]')?.value === title, RICH.title, { timeout: 60_000 });
    await waitForLive(tab);
    const editor = editorOf(tab);
    await editor.locator('h2', { hasText: 'Fristen' }).waitFor();
    expect(await editor.locator('ul > li').allInnerTexts()).toEqual(RICH.bullets);
    expect(await editor.locator('ol > li').allInnerTexts()).toEqual(RICH.numbered);
    expect(await editor.locator('table td').allInnerTexts()).toEqual(RICH.table.flat());
    expect(await editor.locator('strong').allInnerTexts()).toContain(RICH.bold);
    expect(await editor.locator(`a[href="${RICH.link.href}"]`).innerText()).toBe(RICH.link.text);
    // ProseMirror adds separator images of its own: the document's image is the one named by its alt text.
    const image = editor.getByRole('img', { name: RICH.image!.alt });
    await image.waitFor();
    // The image is an attachment of the new page and loads from it.
    await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await screenshot(tab, 'files-import-docx');

    // A PDF attached to the parent: its phrase is found, and the result says which file it is in.
    const pdf = multipart('Satzung Sondernutzung.pdf', Buffer.from(await pdfFile(['Tische und Stühle dürfen bis 22 Uhr im Freischankbereich stehen.'])));
    const uploaded = await anna.api.post(`/api/v1/pages/${parentId}/attachments`, pdf.body, { headers: { 'content-type': pdf.contentType } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await expect
      .poll(async () => ((await anna.api.get('/api/v1/search?q=Freischankbereich')).json() as { hits: unknown[] }).hits.length, { timeout: 30_000 })
      .toBe(1);
    await tab.goto('/search?q=Freischankbereich');
    const results = tab.getByRole('listbox', { name: 'Suche' });
    await expect.poll(() => results.getByRole('option').count()).toBe(1);
    const hit = results.getByRole('option').first();
    expect(await hit.innerText()).toContain('Merkblätter');
    expect(await hit.innerText()).toContain('Fundstelle in der Datei „Satzung Sondernutzung.pdf“');
    expect(await hit.locator('mark').allInnerTexts()).toContain('Freischankbereich');
    await screenshot(tab, 'files-search-hit-in-pdf');

    // The parent's files say whether search reads them; a password-protected PDF says why not.
    const locked = multipart('Personalakte.pdf', fs.readFileSync(new URL('../fixtures/files/encrypted-de.pdf', import.meta.url)));
    expect((await anna.api.post(`/api/v1/pages/${parentId}/attachments`, locked.body, { headers: { 'content-type': locked.contentType } })).statusCode).toBe(201);
    await expect
      .poll(async () => ((await anna.api.get(`/api/v1/pages/${parentId}/attachments`)).json() as { textStatus: string }[]).every((f) => f.textStatus !== 'pending'), { timeout: 30_000 })
      .toBe(true);
    await tab.goto(`/pages/${parentId}`);
    await waitForLive(tab);
    await tab.getByText('Dateien dieser Seite (2)').click();
    const files = tab.locator('.page-files-list');
    await files.getByRole('link', { name: /Personalakte\.pdf herunterladen/ }).waitFor();
    const locked_ = files.locator('li', { hasText: 'Personalakte.pdf' });
    expect(await locked_.innerText()).toContain('Nicht durchsuchbar: Die Datei ist mit einem Passwort geschützt.');
    expect(await files.locator('li', { hasText: 'Satzung Sondernutzung.pdf' }).innerText()).toContain('Text durchsuchbar');
    await screenshot(tab, 'files-page-files-text-status');
    expect(problems).toEqual([]);
    await context.close();
  });
});
