/**
 * Attachments in the editor, in real Chromium against the real server: an image pasted and a
 * PDF dropped become an image and a file card, seen live by a second user, downloadable and
 * still there after a reload; a refused upload says why and can be retried or discarded without
 * losing the text around it; an upload made offline waits and goes when the browser is back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { pdf, png } from '../files/samples.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { networkSwitch, type NetworkSwitch } from './support/offline.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, openPageFromTree, signIn, textsWithoutCursors, waitForLive } from './support/ui.ts';

/** Dispatches a paste (or a drop at the end of the editor) of one file built from `base64`. */
async function transferFile(page: Page, kind: 'paste' | 'drop', name: string, type: string, base64: string) {
  await editorOf(page).evaluate(
    (el, { kind, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type }));
      if (kind === 'paste') {
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        return;
      }
      const last = el.lastElementChild!.getBoundingClientRect();
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, clientX: last.right - 2, clientY: last.bottom - 4, bubbles: true, cancelable: true }));
    },
    { kind, name, type, base64 },
  );
}

describe.each(browserBackends('pglite'))('attachments in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let anna: WatchedPage & { net: NetworkSwitch };
  let ben: WatchedPage;
  let spaceName: string;
  let pageId: string;
  const pageTitle = 'Sondernutzung beantragen';

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const owner = await server.user({ displayName: 'Anna Schmidt' });
    const editor = await server.user({ displayName: 'Ben Keller' });
    spaceName = `Ordnungsamt ${backend}`;
    const space = await createSpace(owner.api, spaceName);
    await putMember(owner.api, space.id, editor.id, 'editor');
    pageId = await createPage(owner.api, space.id, pageTitle);
    const watched = await openPage(chromium.browser, server.baseUrl);
    anna = { ...watched, net: await networkSwitch(watched.context) };
    ben = await openPage(chromium.browser, server.baseUrl);
    await signIn(anna.page, owner.email);
    await signIn(ben.page, editor.email);
    await openPageFromTree(anna.page, spaceName, pageTitle);
    await openPageFromTree(ben.page, spaceName, pageTitle);
    await waitForLive(anna.page);
    await waitForLive(ben.page);
  });

  it('turns a pasted image into an image and a dropped PDF into a file card, live for the other user', async () => {
    const page = anna.page;
    expect(page.url()).toContain(`/pages/${pageId}`);
    await editorOf(page).click();
    await page.keyboard.type('Lageplan: ');
    await transferFile(page, 'paste', 'Lageplan.png', 'image/png', (await png(120, 80)).toString('base64'));
    const image = editorOf(page).locator('img[src^="/api/v1/attachments/"]');
    await expect.poll(() => image.count(), { timeout: 15_000 }).toBe(1);
    await page.keyboard.type(' (Stand März)');

    await transferFile(page, 'drop', 'Antrag Sondernutzung.pdf', 'application/pdf', (await pdf()).toString('base64'));
    const card = editorOf(page).locator('a.file-card');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => card.innerText()).toContain('Antrag Sondernutzung.pdf');
    expect(await card.getAttribute('aria-label')).toMatch(/^Antrag Sondernutzung\.pdf herunterladen \(PDF, [\d.,]+ (Bytes|KB)\)$/);

    // The other user sees both, live.
    const other = editorOf(ben.page);
    await expect.poll(() => other.locator('img[src^="/api/v1/attachments/"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => other.locator('a.file-card').innerText(), { timeout: 15_000 }).toContain('Antrag Sondernutzung.pdf');
    expect((await textsWithoutCursors(other.locator('p'))).join('\n')).toContain('Lageplan:  (Stand März)');
    // The image shows (the browser decoded it).
    await expect.poll(() => other.locator('img[src^="/api/v1/attachments/"]').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(120);
    await screenshot(ben.page, 'files-image-and-card');

    // Download through the card's link: the PDF's bytes as an attachment.
    const href = (await other.locator('a.file-card').getAttribute('href'))!;
    const download = await ben.page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'same-origin' });
      return { status: res.status, disposition: res.headers.get('content-disposition'), type: res.headers.get('content-type'), head: new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)) };
    }, href);
    expect(download).toMatchObject({ status: 200, type: 'application/pdf', head: '%PDF-' });
    expect(download.disposition).toMatch(/^attachment; .*filename\*=UTF-8''Antrag%20Sondernutzung\.pdf$/);

    // After a reload both are still there.
    await ben.page.reload();
    await waitForLive(ben.page);
    await expect.poll(() => editorOf(ben.page).locator('img[src^="/api/v1/attachments/"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => editorOf(ben.page).locator('a.file-card').count()).toBe(1);
  });

  it('lets the editor give the image an alternative text that reaches the other user', async () => {
    const page = anna.page;
    await editorOf(page).locator('img[src^="/api/v1/attachments/"]').click();
    const button = page.getByRole('toolbar', { name: 'Formatierung' }).getByRole('button', { name: 'Alt-Text des Bildes' });
    await expect.poll(() => button.getAttribute('aria-disabled')).toBeNull();
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Alternativtext bearbeiten' });
    await dialog.getByLabel('Was zeigt das Bild?').fill('Lageplan der Baustelle am Rathausplatz');
    await screenshot(page, 'files-alt-text');
    await dialog.getByRole('button', { name: 'Übernehmen' }).click();
    await expect
      .poll(() => editorOf(ben.page).locator('img[src^="/api/v1/attachments/"]').getAttribute('alt'), { timeout: 10_000 })
      .toBe('Lageplan der Baustelle am Rathausplatz');
  });

  it('lists the page’s files under its body and lets the editor remove one; the body still shows it', async () => {
    const page = anna.page;
    const files = page.locator('details.page-files');
    await expect.poll(() => files.locator('summary').innerText(), { timeout: 10_000 }).toBe('Dateien dieser Seite (2)');
    await files.locator('summary').click();
    await files.getByRole('button', { name: 'Antrag Sondernutzung.pdf von der Seite entfernen' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Datei entfernen?' });
    await confirm.getByRole('button', { name: 'Entfernen' }).click();
    await expect.poll(() => files.locator('summary').innerText()).toBe('Datei dieser Seite (1)');
    // The card in the text still downloads: the page body points at the file.
    const href = (await editorOf(page).locator('a.file-card').getAttribute('href'))!;
    // The page's stored body catches up with the editor within the change debounce.
    await expect.poll(() => page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).status, href), { timeout: 15_000 }).toBe(200);
  });

  it('shows a refused upload with its reason, retries or discards it, and keeps the text around it', async () => {
    const page = anna.page;
    await editorOf(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Vorher ');
    // A PNG named .pdf: the server refuses it (the bytes contradict the name).
    await transferFile(page, 'paste', 'Rechnung.pdf', 'application/pdf', (await png(10, 10)).toString('base64'));
    const failed = editorOf(page).locator('.upload-placeholder.upload-failed');
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => failed.getByRole('alert').innerText()).toBe('Rechnung.pdf konnte nicht hochgeladen werden: Der Inhalt passt nicht zum Dateinamen (.pdf, enthält aber png). Benennen Sie die Datei passend um.');
    await page.keyboard.type('nachher');
    await screenshot(page, 'files-upload-failed');
    // Retrying sends it again and fails again; discarding removes the placeholder only.
    await failed.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(1);
    await failed.getByRole('button', { name: 'Verwerfen' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    await expect.poll(async () => (await textsWithoutCursors(editorOf(ben.page).locator('p'))).join('\n'), { timeout: 10_000 }).toContain('Vorher nachher');
  });

  it('keeps an upload made offline waiting and sends it when the browser is back online', async () => {
    const page = anna.page;
    await editorOf(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Foto vom Termin: ');
    await anna.net.goOffline();
    await transferFile(page, 'paste', 'Termin.png', 'image/png', (await png(40, 40)).toString('base64'));
    const waiting = editorOf(page).locator('.upload-placeholder.upload-waiting');
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.innerText()).toContain('Termin.png wartet auf die Verbindung');
    await screenshot(page, 'files-upload-waiting');
    await anna.net.goOnline();
    await expect.poll(() => waiting.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => editorOf(ben.page).locator('img[src^="/api/v1/attachments/"]').count(), { timeout: 20_000 }).toBe(2);
  });
});
