/**
 * Accessibility of every main screen (BITV 2.0 / WCAG 2.1 AA): axe-core runs in real Chromium
 * on login, start, space, page with the editor, history, process view, interviews, knowledge
 * dashboard, administration (users, spaces, audit), profile and the quick switcher — zero
 * serious or critical violations. Plus keyboard basics: the skip link comes first and moves
 * focus to the main landmark, the editor toolbar is a named toolbar of named buttons.
 */
import type { ImportResult } from '@stafette/api';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { repoRoot } from './support/client-build.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn, waitForLive } from './support/ui.ts';

const MODEL = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn'));

describe.each(browserBackends('pglite'))('accessibility of the main screens on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let admin: WatchedPage;
  let spaceId: string;
  let pageId: string;
  let processId: string;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const ada = await server.user({ role: 'admin', displayName: 'Ada Admin' });
    spaceId = (await createSpace(ada.api, 'Bürgeramt')).id;
    pageId = await createPage(ada.api, spaceId, 'Wohnsitz anmelden');
    await ada.api.put(`/api/v1/pages/${pageId}/content`, { markdown: '## Unterlagen\n\n- Ausweis\n- Wohnungsgeberbestätigung\n\n| Frist | Tage |\n| --- | --- |\n| Anmeldung | 14 |\n' });
    await ada.api.post(`/api/v1/pages/${pageId}/versions`, { label: 'Erste Fassung' });
    const imported = await ada.api.post(`/api/v1/processes/import?spaceId=${spaceId}`, MODEL, { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode).toBe(201);
    processId = (imported.json() as ImportResult).id;
    admin = await openPage(chromium.browser, server.baseUrl);
    await signIn(admin.page, ada.email);
  });

  async function check(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshot(page, `a11y-${name}`);
    expect({ screen: name, violations: await seriousA11yViolations(page) }).toEqual({ screen: name, violations: [] });
  }

  it('login screen', async () => {
    const { page, context } = await openPage(chromium.browser, server.baseUrl);
    await page.goto('/');
    await page.getByLabel('E-Mail-Adresse').waitFor();
    await check(page, 'login');
    await context.close();
  });

  it('start page, with the skip link first in the tab order', async () => {
    const { page } = admin;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Guten Tag, Ada Admin' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await check(page, 'start');
  });

  it('space', async () => {
    await admin.page.goto(`/spaces/${spaceId}`);
    await admin.page.getByRole('heading', { level: 1, name: 'Bürgeramt' }).waitFor();
    await check(admin.page, 'space');
  });

  it('page with the editor, whose toolbar is a named toolbar of named buttons', async () => {
    const { page } = admin;
    await page.goto(`/pages/${pageId}`);
    await waitForLive(page);
    await page.locator('#page-editor li').first().waitFor();
    const toolbar = page.getByRole('toolbar', { name: 'Formatierung' });
    await toolbar.waitFor();
    const names = await toolbar.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''));
    expect(names.length).toBeGreaterThan(10);
    expect(names.every((name) => name.trim().length > 0)).toBe(true);
    await check(page, 'page');
  });

  it('page history', async () => {
    await admin.page.goto(`/pages/${pageId}/history`);
    await admin.page.getByRole('button', { name: /Version 1 · Erste Fassung/ }).click();
    await admin.page.getByText('Diese Version stimmt mit der aktuellen Fassung überein.').waitFor();
    await check(admin.page, 'history');
  });

  it('process view', async () => {
    await admin.page.goto(`/processes/${processId}`);
    await admin.page.locator('.djs-container').first().waitFor({ timeout: 20_000 });
    await check(admin.page, 'process');
  });

  it('interviews list', async () => {
    await admin.page.goto('/interviews');
    await admin.page.getByRole('heading', { level: 1 }).waitFor();
    await check(admin.page, 'interviews');
  });

  it('knowledge-at-risk dashboard', async () => {
    await admin.page.goto('/knowledge');
    await admin.page.getByRole('heading', { level: 1 }).waitFor();
    await check(admin.page, 'knowledge');
  });

  it('administration: users, spaces and members, audit log', async () => {
    const { page } = admin;
    await page.goto('/admin/users');
    await page.getByRole('rowheader', { name: /Ada Admin/ }).waitFor();
    await check(page, 'admin-users');
    await page.goto('/admin/spaces');
    await page.getByRole('button', { name: 'Bürgeramt' }).click();
    await page.getByLabel(/^Rolle von /).first().waitFor();
    await check(page, 'admin-spaces');
    await page.goto('/admin/audit');
    await page.getByRole('table', { name: 'Protokoll' }).waitFor();
    await check(page, 'admin-audit');
  });

  it('profile', async () => {
    await admin.page.goto('/profile');
    await admin.page.getByRole('heading', { level: 1, name: 'Mein Profil' }).waitFor();
    await check(admin.page, 'profile');
  });

  it('quick switcher', async () => {
    const { page } = admin;
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Zu einer Seite springen' }).waitFor();
    await page.keyboard.type('wohn');
    await page.getByRole('option', { name: /Wohnsitz anmelden/ }).waitFor();
    await check(page, 'quick-switcher');
    await page.keyboard.press('Escape');
    expect(admin.problems).toEqual([]);
  });
});
