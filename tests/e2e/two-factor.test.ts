/**
 * Two-factor sign-in in real Chromium: enrolling an authenticator app in the profile (QR code and
 * key, a first code, the recovery codes shown once), signing in with a code and with a recovery
 * code, and an administrator requiring it: a knowledge manager without one is sent to enrolment
 * after sign-in. Codes are generated here with otpauth, as the phone's app would. Each screen
 * passes the axe check and reports no CSP violation.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';

const codeAt = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

async function passwordStep(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(TEST_PASSWORD);
  await page.getByLabel('Passwort').press('Enter');
}

/** What the browser reported beyond the expected refusals: the password step's 401 (it asks for the code) and the wrong code's. */
const unexpected = (problems: string[]) =>
  problems.filter((p) => !/http 401: POST .*\/api\/v1\/auth\/login(\/totp)?$/.test(p) && !/Failed to load resource: the server responded with a status of 401/.test(p));

async function expectAccessible(page: Page, screen: string) {
  expect({ screen, violations: await seriousA11yViolations(page) }).toEqual({ screen, violations: [] });
}

/** Enrols on the screen shown (profile section or the required-enrolment screen); answers the secret and the recovery codes. */
async function enrolHere(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
  await page.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' }).waitFor();
  const secret = (await page.locator('code.totp-key').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await screenshot(page, 'two-factor-enrolment');
  await expectAccessible(page, 'two-factor enrolment');
  await page.getByLabel('Geben Sie den sechsstelligen Code ein, den die App jetzt anzeigt').fill(codeAt(secret));
  await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
  const list = page.getByRole('list', { name: 'Ihre Wiederherstellungscodes' });
  await list.waitFor();
  const codes = (await list.getByRole('listitem').allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await screenshot(page, 'two-factor-recovery-codes');
  await page.getByRole('button', { name: 'Ich habe die Codes gesichert' }).click();
  return { secret, codes };
}

describe.each(browserBackends('postgres'))('two-factor sign-in in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('enrols in the profile, then signs in with a code from the app and with a recovery code', async () => {
    const user = await server.user({ displayName: 'Theo Zweifach' });
    const first = await openPage(chromium.browser, server.baseUrl);
    await passwordStep(first.page, user.email);
    await first.page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    await first.page.goto('/profile');
    const section = first.page.getByRole('region', { name: 'Zwei-Faktor-Anmeldung' });
    await section.waitFor();
    const { secret, codes } = await enrolHere(first.page);
    await section.getByText('Eingeschaltet.').waitFor();
    await section.getByText('Noch 10 Wiederherstellungscodes übrig.').waitFor();
    // The key is shown no more.
    expect(await first.page.content()).not.toContain(secret);
    await first.context.close();

    const second = await openPage(chromium.browser, server.baseUrl);
    await passwordStep(second.page, user.email);
    await second.page.getByRole('heading', { level: 1, name: 'Anmeldung bestätigen' }).waitFor();
    await expectAccessible(second.page, 'second sign-in step');
    await screenshot(second.page, 'two-factor-login-step');
    await second.page.getByLabel('Code aus der Authenticator-App').fill('000000');
    await second.page.getByLabel('Code aus der Authenticator-App').press('Enter');
    await second.page.getByRole('alert').filter({ hasText: 'Der Code ist nicht richtig, abgelaufen oder wurde schon verwendet.' }).waitFor();
    await second.page.getByLabel('Code aus der Authenticator-App').fill(codeAt(secret, 1));
    await second.page.getByLabel('Code aus der Authenticator-App').press('Enter');
    await second.page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(unexpected(second.problems), 'sign-in with a code').toEqual([]);
    await second.context.close();

    const third = await openPage(chromium.browser, server.baseUrl);
    await passwordStep(third.page, user.email);
    await third.page.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).click();
    await third.page.getByLabel('Wiederherstellungscode').fill(codes[0]!);
    await third.page.getByLabel('Wiederherstellungscode').press('Enter');
    await third.page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(unexpected(third.problems), 'sign-in with a recovery code').toEqual([]);
    await third.page.goto('/profile');
    await third.page.getByText('Noch 9 Wiederherstellungscodes übrig.').waitFor();
    expect(unexpected(third.problems), 'profile after sign-in').toEqual([]);
    await third.context.close();
  });

  it('sends a knowledge manager without a second factor to enrolment once an administrator requires it', async () => {
    const admin = await server.user({ role: 'admin' });
    const manager = await server.user({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    try {
      // The administrator switches the rule on in the administration.
      const adminPage = await openPage(chromium.browser, server.baseUrl);
      await passwordStep(adminPage.page, admin.email);
      await adminPage.page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
      await adminPage.page.goto('/admin/security');
      await adminPage.page.getByRole('checkbox', { name: 'Zwei-Faktor-Anmeldung für Administration und Wissensmanagement vorschreiben' }).check();
      await adminPage.page.getByRole('status').filter({ hasText: 'Die Einstellung wurde gespeichert.' }).waitFor();
      await expectAccessible(adminPage.page, 'admin security');
      await adminPage.context.close();

      await passwordStep(page, manager.email);
      await page.getByRole('heading', { level: 1, name: 'Zwei-Faktor-Anmeldung einrichten' }).waitFor();
      await expectAccessible(page, 'required enrolment');
      // Nothing else is reachable meanwhile.
      expect((await page.request.get('/api/v1/spaces')).status()).toBe(403);
      await enrolHere(page);
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
      expect((await page.request.get('/api/v1/spaces')).status()).toBe(200);
      expect(unexpected(problems)).toEqual([]);
    } finally {
      await context.close();
      await server.database.db.updateTable('security_settings').set({ require_second_factor: false }).execute();
    }
  });
});
