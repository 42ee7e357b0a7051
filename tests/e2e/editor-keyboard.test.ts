/**
 * The editor toolbar on a phone (Chromium, 390×844 touch): one row that scrolls sideways, and
 * while the on-screen keyboard is open it sits right above it. Headless Chromium shows no
 * keyboard, so the visual viewport is replaced by one the test shrinks like a keyboard would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPage, createSpace } from '../support/seed.ts';
import { openPage, PHONE, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signInToStart, waitForLive } from './support/ui.ts';

const KEYBOARD = 344;

/** A visual viewport the test controls: `__keyboard(px)` opens a keyboard of that height, 0 closes it. */
const FAKE_VIEWPORT = `(() => {
  const viewport = new EventTarget();
  let covered = 0;
  Object.defineProperties(viewport, {
    height: { get: () => window.innerHeight - covered },
    width: { get: () => window.innerWidth },
    offsetTop: { get: () => 0 }, offsetLeft: { get: () => 0 },
    pageTop: { get: () => window.scrollY }, pageLeft: { get: () => window.scrollX },
    scale: { get: () => 1 },
  });
  window.visualViewport = viewport;
  window.__keyboard = (px) => { covered = px; viewport.dispatchEvent(new Event('resize')); };
})();`;

describe('the editor toolbar on a phone (pglite)', () => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let email: string;
  let pageId: string;

  browserSuite('pglite', (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const inspector = await server.user({ displayName: 'Ines Prüfer' });
    email = inspector.email;
    const space = await createSpace(inspector.api, 'Ordnungsamt');
    pageId = await createPage(inspector.api, space.id, 'Kontrolle Marktplatz');
  });

  it('is one scrollable row and stays right above the on-screen keyboard', async () => {
    const { page, context, problems } = await openPage(chromium.browser, server.baseUrl, 'de-DE', PHONE);
    await page.addInitScript(FAKE_VIEWPORT);
    await signInToStart(page, email);
    await page.goto(`/pages/${pageId}`);
    await waitForLive(page);
    const toolbar = page.getByRole('toolbar', { name: /Format/ });
    const box = async () => (await toolbar.boundingBox())!;

    expect((await box()).height).toBeLessThan(60);
    expect(await toolbar.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await editorOf(page).tap();
    await page.keyboard.type('Stände abgenommen.');
    await page.evaluate((px) => (window as unknown as { __keyboard: (px: number) => void }).__keyboard(px), KEYBOARD);
    await expect.poll(async () => Math.round((await box()).y + (await box()).height), { timeout: 5_000 }).toBe(844 - KEYBOARD);
    expect((await box()).width).toBe(390);
    // The line being typed shows above the toolbar, not behind it or the keyboard.
    const typed = editorOf(page).getByText('Stände abgenommen.');
    await expect.poll(async () => { const line = (await typed.boundingBox())!; return line.y > 0 && line.y + line.height <= (await box()).y; }, { timeout: 5_000 }).toBe(true);
    await screenshot(page, 'mobile-390-toolbar-above-keyboard');

    await page.evaluate(() => (window as unknown as { __keyboard: (px: number) => void }).__keyboard(0));
    await expect.poll(async () => toolbar.evaluate((element) => getComputedStyle(element).position), { timeout: 5_000 }).toBe('sticky');
    expect(problems).toEqual([]);
    await context.close();
  });
});
