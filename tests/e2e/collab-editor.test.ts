/**
 * Two people edit one page live in real Chromium against the real server: typing, remote
 * cursors with names, presence, headings/lists/tables surviving the round trip through the
 * server, and a reader who watches live but cannot change anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, openPageFromTree, signIn, textsWithoutCursors, waitForLive } from './support/ui.ts';

describe.each(browserBackends('postgres'))('live editor in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let anna: WatchedPage;
  let ben: WatchedPage;
  let rita: WatchedPage;
  let spaceName: string;
  let pageId: string;
  const pageTitle = 'Meldebescheinigung ausstellen';

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const owner = await server.user({ displayName: 'Anna Schmidt' });
    const editor = await server.user({ displayName: 'Ben Keller' });
    const reader = await server.user({ displayName: 'Rita Leser' });
    spaceName = `Bürgeramt ${backend}`;
    const space = await createSpace(owner.api, spaceName);
    await putMember(owner.api, space.id, editor.id, 'editor');
    await putMember(owner.api, space.id, reader.id, 'reader');
    pageId = await createPage(owner.api, space.id, pageTitle);
    await createPage(owner.api, space.id, 'Wohnsitz anmelden');

    anna = await openPage(chromium.browser, server.baseUrl);
    ben = await openPage(chromium.browser, server.baseUrl);
    rita = await openPage(chromium.browser, server.baseUrl);
    await signIn(anna.page, owner.email);
    await signIn(ben.page, editor.email);
    await signIn(rita.page, reader.email);
  });

  it('shows text typed by one user to the other, with the typist’s named cursor and both avatars', async () => {
    await openPageFromTree(anna.page, spaceName, pageTitle);
    await openPageFromTree(ben.page, spaceName, pageTitle);
    expect(anna.page.url()).toContain(`/pages/${pageId}`);

    await editorOf(anna.page).click();
    await anna.page.keyboard.type('Hallo aus dem Bürgeramt – Öffnungszeiten ändern sich.');
    await expect.poll(() => editorOf(ben.page).innerText(), { timeout: 10_000 }).toContain('Hallo aus dem Bürgeramt – Öffnungszeiten ändern sich.');

    // Anna's cursor appears in Ben's editor labelled with her name.
    const cursor = ben.page.locator('.ProseMirror-yjs-cursor', { hasText: 'Anna Schmidt' });
    await cursor.waitFor({ timeout: 10_000 });
    const colour = await cursor.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(colour).toMatch(/^rgb\(/);

    // Both see both people on the page.
    for (const { page } of [anna, ben]) {
      const presence = page.getByRole('list', { name: 'Gerade auf dieser Seite' });
      await expect.poll(() => presence.getByRole('listitem').count()).toBe(2);
    }
    await expect.poll(() => anna.page.getByRole('list', { name: 'Gerade auf dieser Seite' }).innerText()).toContain('Ben Keller');
    await screenshot(ben.page, 'editor-two-users');
  });

  it('round-trips headings, lists, a task list and a table through the server', async () => {
    const page = anna.page;
    await editorOf(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('## Benötigte Unterlagen');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- Personalausweis');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Meldeschein');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1. Termin buchen');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Gebühr zahlen');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('[ ] Akte anlegen');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('> Hinweis: nur mit Termin');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // A table from the toolbar; Tab moves through the cells.
    await page.getByRole('toolbar', { name: 'Formatierung' }).getByRole('button', { name: 'Tabelle einfügen' }).click();
    for (const cell of ['Unterlage', 'Pflicht', 'Hinweis', 'Ausweis', 'ja', 'gültig']) {
      await page.keyboard.type(cell);
      await page.keyboard.press('Tab');
    }

    const expectStructure = async (target: Page) => {
      const editor = editorOf(target);
      const texts = (selector: string) => () => textsWithoutCursors(editor.locator(selector));
      await expect.poll(texts('h2'), { timeout: 10_000 }).toEqual(['Benötigte Unterlagen']);
      await expect.poll(texts('ul:not([data-type]) > li')).toEqual(['Personalausweis', 'Meldeschein']);
      await expect.poll(texts('ol > li')).toEqual(['Termin buchen', 'Gebühr zahlen']);
      await expect.poll(texts('li[data-type="task_item"]')).toEqual(['Akte anlegen']);
      await expect.poll(texts('blockquote')).toEqual(['Hinweis: nur mit Termin']);
      await expect.poll(texts('table th')).toEqual(['Unterlage', 'Pflicht', 'Hinweis']);
      await expect.poll(texts('table tr:nth-child(2) td')).toEqual(['Ausweis', 'ja', 'gültig']);
    };
    await screenshot(page, 'editor-structure');
    await expectStructure(ben.page);

    // Ben ticks the task; Anna sees it ticked.
    await ben.page.getByRole('checkbox', { name: 'Erledigt' }).check();
    await expect.poll(() => editorOf(page).locator('li[data-type="task_item"]').getAttribute('data-checked')).toBe('true');

    // After a reload the document comes back from the server unchanged.
    await ben.page.reload();
    await waitForLive(ben.page);
    await expectStructure(ben.page);
    await expect.poll(() => editorOf(ben.page).locator('li[data-type="task_item"]').getAttribute('data-checked')).toBe('true');
  });

  it('applies toolbar marks and keyboard shortcuts that the other user sees', async () => {
    const page = anna.page;
    await editorOf(page).locator('p', { hasText: 'Hallo aus dem Bürgeramt' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('fett');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' und ');
    await page.getByRole('toolbar', { name: 'Formatierung' }).getByRole('button', { name: 'Kursiv' }).click();
    await page.keyboard.type('kursiv');
    await expect.poll(() => editorOf(ben.page).locator('strong').allInnerTexts(), { timeout: 10_000 }).toContain('fett');
    await expect.poll(() => editorOf(ben.page).locator('em').allInnerTexts()).toContain('kursiv');
  });

  it('inserts a page link through the [[ autocomplete', async () => {
    const page = anna.page;
    await editorOf(page).locator('p', { hasText: 'kursiv' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' siehe [[Wohnsitz');
    const option = page.getByRole('option', { name: /Wohnsitz anmelden/ });
    await option.waitFor();
    await screenshot(page, 'editor-page-link-autocomplete');
    await page.keyboard.press('Enter');
    await expect.poll(() => editorOf(ben.page).locator('a.page-link').innerText(), { timeout: 10_000 }).toBe('Wohnsitz anmelden');
  });

  it('keeps headings, Word lists, tables and links when pasting, and drops data: images with a notice', async () => {
    const page = anna.page;
    const wordHtml = [
      '<h1>Aus Word</h1>',
      "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;</span></span><![endif]>Antrag prüfen</p>",
      "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp;&nbsp;</span></span><![endif]>Bescheid schreiben</p>",
      '<table><tr><th>Amt</th><th>Telefon</th></tr><tr><td>Bauamt</td><td>0301234</td></tr></table>',
      '<p>Mehr auf <a href="https://www.berlin.de/">berlin.de</a> <img src="data:image/png;base64,iVBORw0KGgo="></p>',
    ].join('');
    // Paste into a fresh empty paragraph below the quote.
    await editorOf(page).locator('blockquote').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await editorOf(page).evaluate((el, html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Aus Word');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, wordHtml);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Bild' }).innerText()).toContain('Ein eingefügtes Bild wurde entfernt');
    const other = editorOf(ben.page);
    await expect.poll(() => textsWithoutCursors(other.locator('h1')), { timeout: 10_000 }).toEqual(['Aus Word']);
    await expect.poll(() => textsWithoutCursors(other.locator('ol > li'))).toContain('Antrag prüfen');
    await expect.poll(() => textsWithoutCursors(other.locator('ol > li'))).toContain('Bescheid schreiben');
    await expect.poll(() => textsWithoutCursors(other.locator('table th'))).toContain('Telefon');
    await expect.poll(() => other.locator('a[href="https://www.berlin.de/"]').count()).toBe(1);
    expect(await other.locator('img:not(.ProseMirror-separator)').count()).toBe(0);
  });

  it('lets a reader watch live but not type, and says why', async () => {
    const page = rita.page;
    await openPageFromTree(page, spaceName, pageTitle);
    await expect.poll(() => editorOf(page).innerText()).toContain('Hallo aus dem Bürgeramt');
    // The read-only note (the classification banner above it is a note too).
    await page.getByRole('note').filter({ hasText: 'Leserechte' }).waitFor();
    expect(await editorOf(page).getAttribute('contenteditable')).toBe('false');
    await expect(page.getByRole('toolbar', { name: 'Formatierung' }).count()).resolves.toBe(0);

    const before = await editorOf(page).innerText();
    await editorOf(page).click();
    await page.keyboard.type('Das darf ich nicht');
    await page.waitForTimeout(500);
    expect(await editorOf(page).innerText()).toBe(before);
    expect(await editorOf(anna.page).innerText()).not.toContain('Das darf ich nicht');

    // Edits by others still arrive live.
    await editorOf(anna.page).locator('h2').click();
    await anna.page.keyboard.press('End');
    await anna.page.keyboard.type(' (Stand 2025)');
    await expect.poll(() => textsWithoutCursors(editorOf(page).locator('h2')), { timeout: 10_000 }).toEqual(['Benötigte Unterlagen (Stand 2025)']);
    await screenshot(page, 'page-reader');
  });

  it('logged no console errors and no failed requests in these flows', () => {
    expect(anna.problems).toEqual([]);
    expect(ben.problems).toEqual([]);
    expect(rita.problems).toEqual([]);
  });
});
