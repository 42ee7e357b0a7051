/**
 * Versions, export and import in real Chromium: the version list with author and time, one
 * version viewed and compared with the current page, restore seen live by another editor,
 * a labelled version; export as Markdown and HTML; Markdown files imported as new pages.
 */
import type { TreeNode } from '@stafette/api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signIn, textsWithoutCursors, waitForLive } from './support/ui.ts';

describe.each(browserBackends('postgres'))('history, export and import in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('lists versions with author and time, compares one with the current page, restores it live and saves a labelled version', async () => {
    const anna = await server.user({ displayName: 'Anna Schmidt' });
    const ben = await server.user({ displayName: 'Ben Keller' });
    const space = await createSpace(anna.api, 'Bauamt');
    await putMember(anna.api, space.id, ben.id, 'editor');
    const pageId = await createPage(anna.api, space.id, 'Bauantrag prüfen');
    const put = (markdown: string) => anna.api.put(`/api/v1/pages/${pageId}/content`, { markdown });
    expect((await put('# Ablauf\n\nVollständigkeit prüfen.\n\nFristen beachten.\n')).statusCode).toBe(200);
    const first = await anna.api.post(`/api/v1/pages/${pageId}/versions`, { label: 'Erste Fassung' });
    expect(first.statusCode).toBe(201);
    expect((await put('# Ablauf\n\nVollständigkeit und Statik prüfen.\n\nFristen beachten.\n\nBescheid versenden.\n')).statusCode).toBe(200);

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, anna.email);
    const other = await openPage(chromium.browser, server.baseUrl);
    await signIn(other.page, ben.email);
    await other.page.goto(`/pages/${pageId}`);
    await waitForLive(other.page);

    // From the page's menu, by keyboard.
    await tab.goto(`/pages/${pageId}`);
    await waitForLive(tab);
    await tab.getByRole('button', { name: 'Weitere Aktionen für diese Seite' }).focus();
    await tab.keyboard.press('Enter');
    await tab.getByRole('menuitem', { name: 'Versionen' }).waitFor();
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { level: 1, name: 'Versionen von „Bauantrag prüfen“' }).waitFor();
    const item = tab.getByRole('button', { name: /Version 1 · Erste Fassung · Gespeichert/ });
    expect(await item.innerText()).toContain('Anna Schmidt');
    await item.click();

    const diff = tab.getByRole('region', { name: 'Unterschiede zwischen Version 1 und der aktuellen Fassung' });
    await diff.waitFor();
    expect(await diff.locator('ins').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Bescheid versenden.')]));
    expect(await diff.locator('del').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('Vollständigkeit prüfen.')]));
    expect(await diff.locator('mark.diff-word-insert').allInnerTexts()).toContain('und Statik ');
    await screenshot(tab, 'history-compare');
    expect(await seriousA11yViolations(tab)).toEqual([]);

    await tab.getByRole('button', { name: 'Ansehen' }).click();
    const content = tab.getByRole('region', { name: 'Inhalt von Version 1' });
    await content.getByRole('heading', { name: 'Ablauf' }).waitFor();
    expect(await content.innerText()).not.toContain('Bescheid versenden.');

    await tab.getByRole('button', { name: 'Diese Version wiederherstellen' }).click();
    await tab.getByRole('alertdialog').getByRole('button', { name: 'Diese Version wiederherstellen' }).click();
    await tab.getByRole('status').filter({ hasText: 'Version 1 wurde wiederhergestellt.' }).waitFor();
    // The other editor sees the restore live.
    await expect.poll(async () => (await textsWithoutCursors(editorOf(other.page)))[0], { timeout: 15_000 }).not.toContain('Bescheid versenden.');
    expect((await textsWithoutCursors(editorOf(other.page)))[0]).toContain('Vollständigkeit prüfen.');

    await tab.getByRole('button', { name: 'Version speichern' }).click();
    await tab.getByLabel('Bezeichnung (optional)').fill('Nach der Prüfung');
    await tab.getByLabel('Bezeichnung (optional)').press('Enter');
    await tab.getByRole('button', { name: /Nach der Prüfung · Gespeichert/ }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
    await other.context.close();
  });

  it('exports a page as Markdown and HTML and imports Markdown files as new pages', async () => {
    const anna = await server.user({ displayName: 'Anna Export' });
    const space = await createSpace(anna.api, 'Ordnungsamt');
    const pageId = await createPage(anna.api, space.id, 'Sondernutzung');
    await anna.api.put(`/api/v1/pages/${pageId}/content`, { markdown: '## Gebühren\n\n| Art | Euro |\n| --- | --- |\n| Stand | 20 |\n' });

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, anna.email);
    await tab.goto(`/pages/${pageId}`);
    await waitForLive(tab);
    const menu = tab.getByRole('button', { name: 'Weitere Aktionen für diese Seite' });

    await menu.click();
    const [markdown] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('menuitem', { name: 'Als Markdown exportieren' }).click()]);
    expect(markdown.suggestedFilename()).toBe('Sondernutzung.md');
    const md = fs.readFileSync((await markdown.path())!, 'utf8');
    expect(md).toContain('## Gebühren');
    expect(md).toContain('| Stand | 20 |');

    await menu.click();
    const [html] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('menuitem', { name: 'Als HTML exportieren' }).click()]);
    expect(html.suggestedFilename()).toBe('Sondernutzung.html');
    expect(fs.readFileSync((await html.path())!, 'utf8')).toMatch(/<h2>Gebühren<\/h2>[\s\S]*<table>/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-import-'));
    const fileA = path.join(dir, 'marktstand.md');
    const fileB = path.join(dir, 'Plakatierung.md');
    fs.writeFileSync(fileA, '# Marktstand genehmigen\n\n- Antrag prüfen\n- Gebühr festsetzen\n');
    fs.writeFileSync(fileB, 'Plakate nur an freigegebenen Flächen.\n');
    await menu.click();
    await tab.getByRole('menuitem', { name: 'Dokumente als Unterseiten importieren' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Dokumente importieren' });
    await dialog.getByLabel('Dateien (.md, .docx, .odt)').setInputFiles([fileA, fileB]);
    await dialog.getByRole('button', { name: 'Importieren' }).click();
    // The first imported page opens; both sit under the page in the tree.
    await tab.waitForFunction((title) => document.querySelector<HTMLTextAreaElement>('[aria-label="Seitentitel"]')?.value === title, 'Marktstand genehmigen');
    await waitForLive(tab);
    expect(await editorOf(tab).locator('li').allInnerTexts()).toEqual(['Antrag prüfen', 'Gebühr festsetzen']);
    const tree = tab.getByRole('navigation', { name: 'Seitenbaum von Ordnungsamt' });
    await tree.getByRole('link', { name: 'Plakatierung', exact: true }).waitFor();
    const children = (await anna.api.get(`/api/v1/spaces/${space.id}/tree`)).json() as TreeNode[];
    expect(children[0]!.children.map((c) => c.title)).toEqual(['Marktstand genehmigen', 'Plakatierung']);
    expect(problems).toEqual([]);
    await context.close();
  });
});
