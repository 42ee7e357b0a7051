/**
 * LDAP / Active Directory in real Chromium: the login screen says "Windows-Anmeldung", an
 * administrator maps a directory group to a space role in *Verwaltung → Verzeichnisdienste*,
 * syncs and sees the result and the last sync; a person from the directory then signs in with
 * the Windows login name and finds the space the group gave them.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { addGroup, addPerson, personDn, type Slapd, slapdAvailable, startSlapd } from '../directory/slapd.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { launchBrowser, openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import { ensureClientBuilt } from './support/client-build.ts';
import { signIn } from './support/ui.ts';

describe.skipIf(!slapdAvailable()).each(browserBackends('postgres'))('LDAP directory in the browser on %s', (backend) => {
  let slapd: Slapd;
  let t: TestApp;
  let baseUrl: string;
  let chromium: LaunchedBrowser;

  beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.admin(async (c) => {
      await addPerson(c, { uid: 'jmueller', cn: 'Jürgen Müller', sn: 'Müller', mail: 'juergen.mueller@stadt.example', password: 'Jürgen-Passwort-1' });
      await addPerson(c, { uid: 'aschaefer', cn: 'Anna Schäfer', sn: 'Schäfer', mail: 'anna.schaefer@stadt.example', password: 'Anna-Passwort-22' });
      await addGroup(c, 'GG-Bürgerbüro', [personDn('jmueller')]);
    });
    t = await createTestApp(backend, { clientDist: await ensureClientBuilt(), ldap: slapd.options() });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    chromium = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await t?.close();
    await slapd?.stop();
  });

  it('an administrator maps a group to a space role and syncs; the person signs in with the Windows login name', async () => {
    const admin = await t.createUser({ role: 'admin', displayName: 'Erste Administratorin' });
    await seedSpace(t.database.db, { name: 'Bürgerbüro', owners: [admin] });
    const { page, problems } = await openPage(chromium.browser, baseUrl);

    await page.goto('/');
    const field = page.getByLabel('Windows-Anmeldung oder E-Mail-Adresse');
    await field.waitFor();
    expect(await field.getAttribute('type')).toBe('text');
    expect(await field.getAttribute('autocomplete')).toBe('username');
    expect(await field.getAttribute('name')).toBe('email');
    await page.getByText('Windows-Anmeldung: derselbe Anmeldename und dasselbe Passwort wie an Ihrem Arbeitsplatz-PC.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ldap-login-screen');

    // The first administrator is a local account: the same form, with the e-mail and local password.
    await signIn(page, admin.email);
    await page.goto('/admin/directory');
    await page.getByRole('heading', { level: 1, name: 'Verzeichnisdienste und Anmeldung' }).waitFor();
    await page.getByText('Noch kein Abgleich').waitFor();
    await page.getByText('Noch keine Zuordnungen.').waitFor();

    await page.getByRole('button', { name: 'Zuordnung hinzufügen' }).click();
    await page.getByLabel('Gruppe der Zuordnung 1').fill('GG-Bürgerbüro');
    await page.getByLabel('Geltungsbereich der Zuordnung 1').selectOption({ label: 'Bürgerbüro' });
    await page.getByLabel('Rolle der Zuordnung 1').selectOption({ label: 'Bearbeiten' });
    await page.getByRole('button', { name: 'Zuordnungen speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Zuordnungen wurden gespeichert.' }).waitFor();

    await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
    await page.getByText('Abgleich beendet: 2 angelegt, 0 aktualisiert, 0 deaktiviert.').waitFor();
    await page.getByText('Erfolgreich', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'ldap-admin-directory');
    expect(problems, problems.join('\n')).toEqual([]);

    const person = await openPage(chromium.browser, baseUrl);
    await signIn(person.page, 'jmueller', 'Jürgen-Passwort-1');
    await person.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Bürgerbüro' }).waitFor();
    await person.page.getByText('Guten Tag, Jürgen Müller').waitFor();
    expect(person.problems, person.problems.join('\n')).toEqual([]);
  }, 120_000);
});
