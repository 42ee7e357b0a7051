/**
 * Debian's Chromium through playwright-core, one fresh profile per launch, and a page wrapper
 * that records every console error, uncaught exception and failed request so a test can
 * assert the flow was clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { repoRoot } from './client-build.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A phone as the field tests emulate it: 390 × 844, touch, double density. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium; playwright gives every launch a fresh temporary profile (user data dir). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return { browser, close: () => browser.close() };
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
}

/**
 * A new browser context (its own cookies, like another person's computer) with one page;
 * `device` overrides the desktop viewport (e.g. a phone: viewport, isMobile, hasTouch).
 */
export async function openPage(browser: Browser, baseUrl: string, locale = 'de-DE', device: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, locale, viewport: { width: 1360, height: 860 }, ...device });
  const page = await context.newPage();
  // tsx wraps functions passed to page.evaluate with a __name helper the browser lacks.
  await page.addInitScript('window.__name = f => f');
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    // Navigations away abort in-flight requests; those are not failures of the product.
    const failure = request.failure()?.errorText ?? '';
    if (failure.includes('ERR_ABORTED')) return;
    problems.push(`requestfailed: ${request.method()} ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return { context, page, problems };
}

export const screenshotDir = path.join(repoRoot, '.artifacts', 'screenshots');

/** Saves a full-page screenshot under .artifacts/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
