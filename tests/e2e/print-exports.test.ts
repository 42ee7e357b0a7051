/**
 * The print exports from the screens, in real Chromium: the page's menu downloads the page and
 * its sub-pages as PDF, DOCX and ODT; the process view offers the process handbook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { repoRoot } from './support/client-build.ts';
import { readPdf, text, unzip } from '../exports/read-exports.ts';
import { openPage, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn, waitForLive } from './support/ui.ts';

const MODEL = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn'));

describe.each(browserBackends('postgres'))('print exports in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('downloads a page with its sub-pages as PDF and ODT from the page menu, and the process handbook from the process view', async () => {
    const anna = await server.user({ displayName: 'Anna Druck' });
    const space = await createSpace(anna.api, 'Ordnungsamt');
    const pageId = await createPage(anna.api, space.id, 'Sondernutzung');
    await anna.api.put(`/api/v1/pages/${pageId}/content`, { markdown: '## Gebühren\n\n| Art | Euro |\n| --- | --- |\n| Stand | 20 |\n' });
    const childId = await createPage(anna.api, space.id, 'Marktstand', pageId);
    await anna.api.put(`/api/v1/pages/${childId}/content`, { markdown: 'Nur mittwochs.\n' });
    const imported = await anna.api.post(`/api/v1/processes/import?spaceId=${space.id}`, MODEL, { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode).toBe(201);
    const processId = (imported.json() as { id: string }).id;

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, anna.email);
    await tab.goto(`/pages/${pageId}`);
    await waitForLive(tab);
    const menu = tab.getByRole('button', { name: 'Weitere Aktionen für diese Seite' });

    await menu.click();
    const [pdf] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('menuitem', { name: 'Mit Unterseiten als PDF exportieren' }).click()]);
    expect(pdf.suggestedFilename()).toBe('Sondernutzung.pdf');
    const read = await readPdf(fs.readFileSync((await pdf.path())!));
    expect(read.texts[0]).toContain('Inhalt');
    expect(read.texts.join(' ')).toContain('Nur mittwochs.');

    await menu.click();
    const [odt] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('menuitem', { name: 'Als OpenDocument (ODT) exportieren' }).click()]);
    expect(odt.suggestedFilename()).toBe('Sondernutzung.odt');
    const content = text(unzip(fs.readFileSync((await odt.path())!)), 'content.xml');
    expect(content).toContain('Gebühren');
    expect(content).not.toContain('Nur mittwochs.');

    await tab.goto(`/processes/${processId}`);
    const handbook = tab.getByRole('link', { name: 'Prozesshandbuch als Word-Dokument (DOCX)' });
    await handbook.waitFor({ timeout: 20_000 });
    const [docx] = await Promise.all([tab.waitForEvent('download'), handbook.click()]);
    expect(docx.suggestedFilename()).toMatch(/^Prozesshandbuch .*\.docx$/);
    expect(Object.keys(unzip(fs.readFileSync((await docx.path())!)))).toContain('word/document.xml');
    expect(problems).toEqual([]);
    await context.close();

    // A reader asking for a subtree with a confidential page below is told why, nothing is saved.
    const ria = await server.user({ displayName: 'Ria Lesen' });
    await putMember(anna.api, space.id, ria.id, 'reader');
    expect((await anna.api.patch(`/api/v1/pages/${childId}`, { classification: 'vertraulich' })).statusCode).toBe(200);
    const reader = await openPage(chromium.browser, server.baseUrl);
    await signIn(reader.page, ria.email);
    await reader.page.goto(`/pages/${pageId}`);
    await waitForLive(reader.page);
    let downloads = 0;
    reader.page.on('download', () => downloads++);
    await reader.page.getByRole('button', { name: 'Weitere Aktionen für diese Seite' }).click();
    await reader.page.getByRole('menuitem', { name: 'Mit Unterseiten als ODT exportieren' }).click();
    await reader.page.getByRole('alert').filter({ hasText: 'Export nicht erlaubt' }).waitFor();
    expect(downloads).toBe(0);
    // The refusal itself is the only failed request.
    expect(reader.problems.filter((p) => !p.includes('403'))).toEqual([]);
    await reader.context.close();
  }, 180_000);
});
