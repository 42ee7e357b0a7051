/**
 * Field use on phones and tablets (issue 26): Chromium with mobile emulation at 320 × 640,
 * 390 × 844 (touch) and 768 × 1024. Below 768 px the main navigation is a drawer behind the
 * "Menü" button (hidden while closed, by keyboard and by touch, focus kept inside, Escape and
 * navigation close it); tablets fold the sidebar away. Every main screen fits the width (no
 * sideways scrolling of the page) and has no serious axe findings at each width; screenshots
 * of every main screen at 390 px go to .artifacts/screenshots/mobile-390-*.png.
 */
import type { ImportResult } from '@stafette/api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { createPage, createSpace } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, PHONE, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { repoRoot } from './support/client-build.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signInToStart, waitForLive } from './support/ui.ts';

const MODEL = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn'));
const LONG_TITLE = 'Ortsbesichtigung zur Prüfung der Standsicherheit des Gerüsts an der Bahnhofstraße';

const SMALL_PHONE: BrowserContextOptions = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };
const TABLET: BrowserContextOptions = { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true };

/** How far the page reaches past the viewport, and which elements stick out (named for a failing test). */
function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const main = document.getElementById('main');
    const scrolls = (element: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(element).overflowX);
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== main && parent !== document.body; parent = parent.parentElement) if (scrolls(parent)) return true;
      return false;
    };
    const offenders = [...document.querySelectorAll('body *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !clipped(element) && getComputedStyle(element).position !== 'fixed';
      })
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} right=${Math.round(element.getBoundingClientRect().right)}`);
    return { page: document.documentElement.scrollWidth - width, main: main ? main.scrollWidth - main.clientWidth : 0, offenders };
  });
}

interface Screen {
  name: string;
  open(page: Page): Promise<void>;
}

describe('phones and tablets (pglite)', () => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let email: string;
  let spaceId: string;
  let pageId: string;
  let processId: string;
  const opened: WatchedPage[] = [];

  browserSuite('pglite', (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const ada = await server.user({ role: 'admin', displayName: 'Ada Admin' });
    email = ada.email;
    spaceId = (await createSpace(ada.api, 'Bauaufsicht')).id;
    pageId = await createPage(ada.api, spaceId, LONG_TITLE);
    await ada.api.put(`/api/v1/pages/${pageId}/content`, {
      markdown: '## Vor Ort prüfen\n\n- Verankerung\n- Belagflächen\n\n| Bauteil | Befund | Frist | Zuständig | Bemerkung |\n| --- | --- | --- | --- | --- |\n| Gerüstanker | lose | sofort | Bauleitung Müller | Nachprüfung am Folgetag |\n',
    });
    await ada.api.post(`/api/v1/pages/${pageId}/versions`, { label: 'Erste Fassung' });
    const imported = await ada.api.post(`/api/v1/processes/import?spaceId=${spaceId}`, MODEL, { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode).toBe(201);
    processId = (imported.json() as ImportResult).id;
  });
  afterAll(async () => {
    for (const watched of opened) await watched.context.close();
  });

  async function device(options: BrowserContextOptions): Promise<WatchedPage> {
    const watched = await openPage(chromium.browser, server.baseUrl, 'de-DE', options);
    opened.push(watched);
    await signInToStart(watched.page, email);
    return watched;
  }

  const screens = (): Screen[] => [
    { name: 'start', open: async (page) => { await page.goto('/'); await page.getByRole('heading', { level: 1 }).waitFor(); } },
    { name: 'space', open: async (page) => { await page.goto(`/spaces/${spaceId}`); await page.getByRole('heading', { level: 1, name: 'Bauaufsicht' }).waitFor(); } },
    {
      name: 'page',
      open: async (page) => {
        await page.goto(`/pages/${pageId}`);
        await waitForLive(page);
        await page.locator('#page-editor td').first().waitFor();
      },
    },
    {
      name: 'history',
      open: async (page) => {
        await page.goto(`/pages/${pageId}/history`);
        await page.getByRole('button', { name: /Version 1 · Erste Fassung/ }).click();
        await page.getByText('Diese Version stimmt mit der aktuellen Fassung überein.').waitFor();
      },
    },
    {
      name: 'search',
      open: async (page) => {
        await page.goto('/search?q=Ger%C3%BCst');
        await page.getByRole('option', { name: new RegExp(LONG_TITLE) }).first().waitFor({ timeout: 15_000 });
      },
    },
    { name: 'process', open: async (page) => { await page.goto(`/processes/${processId}`); await page.locator('.djs-container, .step-list').first().waitFor({ timeout: 20_000 }); } },
    { name: 'interviews', open: async (page) => { await page.goto('/interviews'); await page.getByRole('heading', { level: 1 }).waitFor(); } },
    { name: 'knowledge', open: async (page) => { await page.goto('/knowledge'); await page.getByRole('heading', { level: 1 }).waitFor(); } },
    { name: 'admin', open: async (page) => { await page.goto('/admin/users'); await page.getByRole('rowheader', { name: /Ada Admin/ }).waitFor(); } },
    { name: 'profile', open: async (page) => { await page.goto('/profile'); await page.getByRole('heading', { level: 1, name: 'Mein Profil' }).waitFor(); } },
  ];

  it('phone: the navigation is a drawer behind "Menü", opened and followed by touch', async () => {
    const { page, problems } = await device(PHONE);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    const menu = page.getByRole('button', { name: 'Menü' });
    expect(await nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    const controls = await menu.getAttribute('aria-controls');
    expect(await page.locator(`#${controls}`).count()).toBe(1);

    await menu.tap();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.waitFor();
    // The drawer covers the screen below the top bar; its links are big enough for a finger.
    for (const box of await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(44);
    const menuBox = (await menu.boundingBox())!;
    expect(Math.min(menuBox.width, menuBox.height)).toBeGreaterThanOrEqual(44);

    await nav.getByRole('link', { name: 'Suche' }).tap();
    await page.waitForURL('**/search');
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(problems).toEqual([]);
  });

  it('phone: the drawer by keyboard keeps focus inside, Escape closes it, Enter on a link follows it', async () => {
    const { page } = await device(PHONE);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    const menu = page.getByRole('button', { name: 'Menü' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('app-sidebar');
    await page.keyboard.press('Enter');
    await nav.waitFor();

    // Tabbing through everything in the drawer comes back round to the "Menü" button, never into the page behind.
    const inside = () => page.evaluate(() => document.activeElement?.closest('#app-sidebar') !== null || document.activeElement?.getAttribute('aria-controls') === 'app-sidebar');
    let backAtMenu = false;
    for (let step = 0; step < 40 && !backAtMenu; step++) {
      await page.keyboard.press('Tab');
      expect(await inside()).toBe(true);
      backAtMenu = (await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))) === 'app-sidebar';
    }
    expect(backAtMenu).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#app-sidebar') !== null)).toBe(true);

    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('app-sidebar');

    await page.keyboard.press('Enter');
    await nav.getByRole('link', { name: 'Wissen in Gefahr' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/knowledge');
    await nav.waitFor({ state: 'hidden' });
  });

  it('phone: the editor toolbar is one row that scrolls sideways; the long title wraps; dialogs fill the screen', async () => {
    const { page } = await device(PHONE);
    await page.goto(`/pages/${pageId}`);
    await waitForLive(page);
    const toolbar = page.getByRole('toolbar', { name: 'Formatierung' });
    const tops = await toolbar.getByRole('button').evaluateAll((buttons) => [...new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)))]);
    expect(tops).toHaveLength(1);
    const last = toolbar.getByRole('button').last();
    await last.scrollIntoViewIfNeeded();
    const box = (await last.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(44);

    const title = page.getByRole('textbox', { name: 'Seitentitel' });
    expect(await title.inputValue()).toBe(LONG_TITLE);
    const titleBox = (await title.boundingBox())!;
    expect(titleBox.width).toBeLessThanOrEqual(390);
    // Wrapped onto several lines and all of it shown.
    expect(await title.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.clientHeight > 60)).toBe(true);

    await page.getByRole('button', { name: 'Menü' }).tap();
    await page.getByRole('button', { name: /^Zu einer Seite springen/ }).tap();
    const dialog = page.getByRole('dialog', { name: 'Zu einer Seite springen' });
    await dialog.waitFor();
    const sheet = (await dialog.boundingBox())!;
    expect([Math.round(sheet.x), Math.round(sheet.y), Math.round(sheet.width), Math.round(sheet.height)]).toEqual([0, 0, 390, 844]);
    await page.keyboard.press('Escape');
  });

  it('tablet: the sidebar folds away and stays folded', async () => {
    const { page } = await device(TABLET);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    const menu = page.getByRole('button', { name: 'Menü' });
    await nav.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await menu.tap();
    await nav.waitFor({ state: 'hidden' });
    expect(Math.round((await page.locator('#main').boundingBox())!.width)).toBe(768);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await nav.isVisible()).toBe(false);
    await menu.click();
    await nav.waitFor();
  });

  describe.each([
    ['320', SMALL_PHONE],
    ['390', PHONE],
    ['768', TABLET],
  ] as const)('every main screen at %s px', (width, options) => {
    let watched: WatchedPage;
    beforeAll(async () => {
      watched = await device(options);
    });
    it.each(['start', 'space', 'page', 'history', 'search', 'process', 'interviews', 'knowledge', 'admin', 'profile'])('%s fits the width, with no serious axe findings', async (name) => {
      const { page } = watched;
      await screens().find((screen) => screen.name === name)!.open(page);
      await page.waitForLoadState('networkidle');
      if (width === '390') await screenshot(page, `mobile-390-${name}`);
      const overflow = await horizontalOverflow(page);
      expect({ screen: name, page: Math.max(overflow.page, 0), main: Math.max(overflow.main, 0), offenders: overflow.offenders }).toEqual({ screen: name, page: 0, main: 0, offenders: [] });
      expect({ screen: name, violations: await seriousA11yViolations(page) }).toEqual({ screen: name, violations: [] });
    });
  });
});
