/**
 * "Foto aufnehmen" in the editor on a phone (issue 26): the button opens a camera file input
 * (`capture`), the photo goes through the attachment upload to the cursor, and what the page
 * shows carries no location: a JPEG with GPS EXIF comes back without any EXIF, turned upright.
 * Taken offline, it waits with its placeholder and goes when the connection returns. On a
 * desktop without a touch screen there is no camera button (the attach button picks files).
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPage, createSpace } from '../support/seed.ts';
import { jpegWithGps } from '../files/samples.ts';
import { openPage, PHONE, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { networkSwitch, problemsBesidesRelay, type NetworkSwitch } from './support/offline.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signInToStart, waitForLive } from './support/ui.ts';


/** Taps "Foto aufnehmen" and hands the camera's file chooser a photo. */
async function takePhoto(page: Page, name: string, photo: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('toolbar', { name: 'Formatierung' }).getByRole('button', { name: 'Foto aufnehmen' }).tap();
  const picked = await chooser;
  expect(await picked.element().getAttribute('capture')).toBe('environment');
  expect(picked.isMultiple()).toBe(false);
  await picked.setFiles({ name, mimeType: 'image/jpeg', buffer: photo });
}

describe('photos from the field (pglite)', () => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let phone: WatchedPage & { net: NetworkSwitch };
  let email: string;
  let pageId: string;

  browserSuite('pglite', (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const inspector = await server.user({ displayName: 'Ines Prüfer' });
    email = inspector.email;
    const space = await createSpace(inspector.api, 'Bauaufsicht');
    pageId = await createPage(inspector.api, space.id, 'Ortstermin Bahnhofstraße 12');
    const watched = await openPage(chromium.browser, server.baseUrl, 'de-DE', PHONE);
    phone = { ...watched, net: await networkSwitch(watched.context) };
    await signInToStart(phone.page, email);
    await phone.page.goto(`/pages/${pageId}`);
    await waitForLive(phone.page);
  });

  it('puts a photo taken with the camera into the page at the cursor, without its GPS location', async () => {
    const { page } = phone;
    await editorOf(page).tap();
    await page.keyboard.type('Gerüstanker: ');
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    await takePhoto(page, 'Gerüstanker.jpg', original);

    const image = editorOf(page).locator('p', { hasText: 'Gerüstanker:' }).locator('img[src^="/api/v1/attachments/"]');
    await expect.poll(() => image.count(), { timeout: 20_000 }).toBe(1);
    const src = (await image.getAttribute('src'))!;
    const served = await page.context().request.get(src);
    expect(served.status()).toBe(200);
    const meta = await sharp(await served.body()).metadata();
    expect({ exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, width: meta.width, height: meta.height }).toEqual({ exif: undefined, xmp: undefined, iptc: undefined, width: 20, height: 40 });
    await screenshot(page, 'mobile-390-photo');
    expect(problemsBesidesRelay(phone.problems)).toEqual([]);
  });

  it('keeps a photo taken offline as a waiting placeholder and uploads it when back online', async () => {
    const { page } = phone;
    await editorOf(page).tap();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Belag: ');
    await phone.net.goOffline();
    await takePhoto(page, 'Belag.jpg', await jpegWithGps());
    const waiting = editorOf(page).locator('.upload-placeholder.upload-waiting');
    await expect.poll(() => waiting.count(), { timeout: 10_000 }).toBe(1);
    expect(await waiting.innerText()).toContain('Belag.jpg wartet auf die Verbindung');
    await phone.net.goOnline();
    await expect.poll(() => waiting.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => editorOf(page).locator('img[src^="/api/v1/attachments/"]').count(), { timeout: 20_000 }).toBe(2);
  });

  it('offers no camera button on a desktop without a touch screen', async () => {
    const desktop = await openPage(chromium.browser, server.baseUrl);
    await signInToStart(desktop.page, email);
    await desktop.page.goto(`/pages/${pageId}`);
    await waitForLive(desktop.page);
    const toolbar = desktop.page.getByRole('toolbar', { name: 'Formatierung' });
    await toolbar.getByRole('button', { name: 'Datei anhängen' }).waitFor();
    expect(await toolbar.getByRole('button', { name: 'Foto aufnehmen' }).count()).toBe(0);
    await desktop.context.close();
  });
});
