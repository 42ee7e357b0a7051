/**
 * Signing in through OpenID Connect in real Chromium: a deep link to a page, the login screen's
 * "Mit Dienstkonto Rathaus anmelden", the provider's own login and consent pages, back on the
 * page with the role the person's group maps to; signing out ends the provider session too. A
 * refused sign-in is explained on the login screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { type OidcTestApp, startOidcApp } from '../support/oidc.ts';
import { seedPage } from '../support/seed.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { launchBrowser, openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { waitForLive } from './support/ui.ts';

describe.each(browserBackends('postgres'))('OpenID Connect sign-in in the browser on %s', (backend) => {
  let t: OidcTestApp;
  /** The same provider set-up with password sign-in off (`STAFETTE_LOCAL_LOGIN=false`). */
  let strict: OidcTestApp;
  let chromium: LaunchedBrowser;
  beforeAll(async () => {
    const clientDist = await ensureClientBuilt();
    t = await startOidcApp(backend, { STAFETTE_CLIENT_DIST: clientDist }, { 'lena-3': { email: 'lena.weiss@rathaus.example', name: 'Lena Weiß', groups: ['Bürgerbüro'] } });
    strict = await startOidcApp(backend, { STAFETTE_CLIENT_DIST: clientDist, STAFETTE_LOCAL_LOGIN: 'false' });
    chromium = await launchBrowser();
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await strict?.close();
  });

  /** What went wrong on Stafette's side (the provider's pages load web fonts this machine cannot reach). */
  const ours = (problems: string[]) => problems.filter((p) => p.includes(t.publicUrl));

  it('signs in from a deep link through the provider’s login page and signs out there too', async () => {
    const { pageId, spaceId } = await seedPage(t.database.db, { space: { name: 'Bürgerbüro' }, title: 'Meldebescheinigung ausstellen' });
    await t.database.db.insertInto('directory_group_mappings').values({ group_name: 'bürgerbüro', space_id: spaceId, role: 'editor' }).execute();
    const { page, problems } = await openPage(chromium.browser, t.publicUrl);

    await page.goto(`/pages/${pageId}`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    const button = page.getByRole('link', { name: 'Mit Dienstkonto Rathaus anmelden' });
    await button.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'oidc-login-screen');

    await button.click();
    // The provider's own pages: its login form, then its consent.
    await page.waitForURL((url) => url.origin === t.provider.issuer);
    await page.locator('input[name="login"]').fill('lena-3');
    await page.locator('input[name="password"]').fill('beliebig');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL(`${t.publicUrl}/pages/${pageId}`);
    await page.getByRole('heading', { level: 1, name: 'Meldebescheinigung ausstellen' }).waitFor();
    await waitForLive(page);
    await page.getByRole('link', { name: 'Mein Profil: Lena Weiß' }).waitFor();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL((url) => url.origin === t.provider.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${t.publicUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    // The provider session is over too: its login form comes again.
    await page.getByRole('link', { name: 'Mit Dienstkonto Rathaus anmelden' }).click();
    await page.locator('input[name="login"]').waitFor();
    expect(ours(problems)).toEqual([]);
  });

  it('with password sign-in off, offers the provider and folds the password form into "Administrator-Anmeldung"', async () => {
    const admin = await strict.createUser({ role: 'admin', displayName: 'Anja Admin' });
    const clerk = await strict.createUser({ displayName: 'Karl Kasse' });
    const { page, problems } = await openPage(chromium.browser, strict.publicUrl);
    await page.goto('/');
    await page.getByText('Melden Sie sich mit Ihrem Dienstkonto Rathaus an.').waitFor();
    await page.getByRole('link', { name: 'Mit Dienstkonto Rathaus anmelden' }).waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The disclosure opens by keyboard.
    await page.getByText('Administrator-Anmeldung').focus();
    await page.keyboard.press('Enter');
    await screenshot(page, 'oidc-login-admins-only');
    await page.getByLabel('E-Mail-Adresse').fill(clerk.email);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Die Anmeldung mit Passwort ist hier nur für die Administration möglich.' }).waitFor();
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    // The refused clerk's 403 is the one failed request.
    expect(problems.filter((p) => p.includes(strict.publicUrl) && !p.includes('403: POST'))).toEqual([]);
  });

  it('explains a refused sign-in on the login screen and drops the code from the address', async () => {
    const { page, problems } = await openPage(chromium.browser, t.publicUrl);
    await page.goto('/?loginError=oidc-state-invalid');
    await page.getByRole('alert').filter({ hasText: 'Die Anmeldung ist abgelaufen oder wurde in einem anderen Fenster begonnen.' }).waitFor();
    await page.waitForURL(`${t.publicUrl}/`);
    expect(ours(problems)).toEqual([]);
  });
});
