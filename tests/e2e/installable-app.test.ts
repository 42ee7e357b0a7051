/**
 * The installable app (issue 26): Chromium reads a complete web app manifest (German name and
 * description, icons 192/512 and maskable, theme colour, standalone display, start URL,
 * shortcuts to search and the start page), reports no installability errors, the icons are
 * real PNGs of their stated size, and after sign-in the service worker controls the page.
 * A persistent profile, not a Playwright context: those are off the record, where Chromium
 * never offers to install an app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { chromium as playwright } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

interface AppManifest {
  url: string;
  errors: Array<{ message: string }>;
  parsed?: { name?: string; shortName?: string; display?: string; startUrl?: string; themeColor?: number };
}

describe('installable app (pglite)', () => {
  let server: E2EServer;

  browserSuite('pglite', (s: E2EServer, _c: LaunchedBrowser) => (server = s));

  it('has a complete manifest Chromium accepts, with icons and shortcuts, and a service worker controlling the page', async () => {
    const user = await server.user({ displayName: 'Ines Prüfer' });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-install-'));
    const context = await playwright.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      baseURL: server.baseUrl,
      locale: 'de-DE',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await signIn(page, user.email);

    const cdp = await context.newCDPSession(page);
    const reported = (await cdp.send('Page.getAppManifest')) as unknown as AppManifest;
    expect(reported.url).toBe(`${server.baseUrl}/manifest.webmanifest`);
    expect(reported.errors).toEqual([]);

    const response = await page.request.get('/manifest.webmanifest');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string; short_name: string; description: string; lang: string; start_url: string; scope: string; display: string; theme_color: string; background_color: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
      shortcuts: Array<{ name: string; url: string }>;
    };
    expect(manifest).toMatchObject({ short_name: 'Stafette', lang: 'de', start_url: '/', scope: '/', display: 'standalone', theme_color: '#1f4e8c', background_color: '#ffffff' });
    expect(manifest.name).toContain('Stafette');
    expect(manifest.description).toMatch(/Verwaltung/);
    expect(manifest.shortcuts.map((s) => [s.name, s.url])).toEqual([['Suche', '/search'], ['Startseite', '/']]);
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const bytes = await page.request.get(icon.src);
      expect(bytes.status()).toBe(200);
      const meta = await sharp(await bytes.body()).metadata();
      expect(`${meta.format} ${meta.width}x${meta.height}`).toBe(`png ${icon.sizes}`);
    }
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe('#1f4e8c');

    // Signed in, the service worker takes control; Chromium then has nothing against installing.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    expect(installability.installabilityErrors.map((e) => e.errorId)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });
});
