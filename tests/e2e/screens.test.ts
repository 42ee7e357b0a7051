/**
 * The screens around the editor in real Chromium: first-start setup, a clean logged-out visit
 * with a favicon, login, the start page and switching the language to English.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapInstance } from '../../server/src/setup/bootstrap.ts';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('pglite'))('screens in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('creates the first administrator from the setup link and signs them in', async () => {
    const result = await bootstrapInstance(server.app.db, { email: null, password: null });
    if (result.kind !== 'setup-required') throw new Error(`expected a setup token, got ${result.kind}`);
    const { page, problems } = await openPage(chromium.browser, server.baseUrl);
    await page.goto(`/setup?token=${result.token}`);
    await page.getByRole('heading', { name: 'Stafette einrichten' }).waitFor();
    await screenshot(page, 'setup');
    await page.getByLabel('Ihr Name').fill('Erika Verwaltung');
    await page.getByLabel('E-Mail-Adresse').fill('erika@amt.example');
    await page.getByLabel('Passwort').fill('sicheres-Passwort-2025');
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Guten Tag, Erika Verwaltung' }).waitFor();
    const me = (await page.request.get('/api/v1/auth/session')).json() as Promise<{ user: { role: string } }>;
    expect((await me).user.role).toBe('admin');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the login to a logged-out visitor without any failing request, and serves a favicon', async () => {
    const { page, problems } = await openPage(chromium.browser, server.baseUrl);
    await page.goto('/');
    const email = page.getByLabel('E-Mail-Adresse');
    await email.waitFor();
    expect(await email.getAttribute('type')).toBe('email');
    expect(await email.getAttribute('autocomplete')).toBe('username');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const favicon = await page.request.get('/favicon.svg');
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toContain('image/svg+xml');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'login');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('says so when the password is wrong', async () => {
    const user = await server.user();
    const { page } = await openPage(chromium.browser, server.baseUrl);
    await page.goto('/');
    await page.getByLabel('E-Mail-Adresse').fill(user.email);
    await page.getByLabel('Passwort').fill('falsches-Passwort');
    await page.getByLabel('Passwort').press('Enter');
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('E-Mail-Adresse oder Passwort ist nicht richtig.');
    await page.context().close();
  });

  it('shows recently changed pages, own pages and spaces on the start page, and switches to English', async () => {
    const anna = await server.user({ displayName: 'Anna Schmidt' });
    const other = await server.user({ displayName: 'Otto Andere' });
    const space = await createSpace(anna.api, 'Ordnungsamt');
    await putMember(anna.api, space.id, other.id, 'editor');
    await createPage(anna.api, space.id, 'Sondernutzung beantragen');
    await createPage(other.api, space.id, 'Gewerbe anmelden');

    const { page, problems } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, anna.email);
    const recent = page.getByRole('region', { name: 'Zuletzt geändert' });
    const mine = page.getByRole('region', { name: 'Meine Seiten' });
    await expect.poll(() => recent.getByRole('link').allInnerTexts()).toEqual(['Gewerbe anmelden', 'Sondernutzung beantragen']);
    await expect.poll(() => mine.getByRole('link').allInnerTexts()).toEqual(['Sondernutzung beantragen']);
    await page.getByRole('region', { name: 'Meine Bereiche' }).getByRole('link', { name: /Ordnungsamt/ }).waitFor();
    await screenshot(page, 'start-page');

    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Hello, Anna Schmidt' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The choice is stored on the account: it survives a reload.
    await page.reload();
    await page.getByRole('region', { name: 'Recently changed' }).waitFor();
    await screenshot(page, 'start-page-en');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
