/**
 * Profile, administration and the quick switcher in real Chromium, by keyboard where a user
 * would: personal API tokens (shown once, usable, revoked; a read-only one), password change, the sessions list, an administrator
 * creating and deactivating an account, spaces and members, the audit log with a filter and
 * CSV, the backup download; Ctrl+K from inside the editor jumps to another page.
 */
import type { Member } from '@stafette/api';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace } from '../support/seed.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signIn, waitForLive } from './support/ui.ts';

describe.each(browserBackends('pglite'))('profile, administration and quick switcher in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('creates a personal API token shown once, which works until it is revoked, and changes the password', async () => {
    const user = await server.user({ displayName: 'Paula Profil' });
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, user.email);
    await page.getByRole('link', { name: 'Mein Profil: Paula Profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mein Profil' }).waitFor();

    await page.getByLabel('Name des Tokens').fill('Berichtsskript');
    await page.getByLabel('Name des Tokens').press('Enter');
    const shown = page.getByRole('dialog', { name: 'Ihr neues Token „Berichtsskript“' });
    const token = await shown.getByLabel('Token').inputValue();
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, 'profile-token-created');
    const withToken = () => fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).status).toBe(200);
    await shown.getByRole('button', { name: 'Ich habe das Token gesichert' }).click();
    // Only the name is listed afterwards, never the secret.
    const table = page.getByRole('table', { name: 'Persönliche API-Tokens' });
    await table.getByRole('rowheader', { name: 'Berichtsskript' }).waitFor();
    expect(await page.content()).not.toContain(token);

    await table.getByRole('button', { name: 'Token „Berichtsskript“ widerrufen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Widerrufen' }).click();
    await page.getByText('Sie haben keine Tokens.').waitFor();
    expect((await withToken()).status).toBe(401);

    // A read-only token: listed as such, reads, and its changes are refused.
    await page.getByLabel('Name des Tokens').fill('Lesezugriff');
    await page.getByRole('checkbox', { name: 'Nur lesen' }).check();
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    const readOnlyShown = page.getByRole('dialog', { name: 'Ihr neues Token „Lesezugriff“' });
    const readOnlyToken = await readOnlyShown.getByLabel('Token').inputValue();
    await readOnlyShown.getByRole('button', { name: 'Ich habe das Token gesichert' }).click();
    await table.getByRole('rowheader', { name: 'Lesezugriff (nur lesen)' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Nur lesen' }).isChecked()).toBe(false);
    const bearer = { authorization: `Bearer ${readOnlyToken}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: bearer })).status).toBe(200);
    const change = await fetch(`${server.baseUrl}/api/v1/auth/me`, { method: 'PATCH', headers: bearer, body: JSON.stringify({ displayName: 'Skript' }) });
    expect(change.status).toBe(403);
    expect(((await change.json()) as { type: string }).type).toBe('urn:stafette:problem:token-read-only');

    // Password: a wrong current password is refused in German, the right one works and, as the
    // ticked box says, revokes the API tokens (one a script made meanwhile disappears from the list).
    const scripted = (await user.api.post('/api/v1/auth/tokens', { name: 'Nachtlauf' })).json().token as string;
    await page.reload();
    await table.getByRole('rowheader', { name: 'Nachtlauf' }).waitFor();
    const passwordForm = page.getByRole('region', { name: 'Passwort ändern' });
    expect(await passwordForm.getByRole('checkbox', { name: 'Auch API-Tokens widerrufen' }).isChecked()).toBe(true);
    await page.getByLabel('Aktuelles Passwort').fill('falsch-falsch-falsch');
    await page.getByLabel('Neues Passwort', { exact: true }).fill('ein-neues-Passwort-2025');
    await page.getByLabel('Neues Passwort wiederholen').fill('ein-neues-Passwort-2025');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByRole('alert').filter({ hasText: 'Das aktuelle Passwort ist nicht richtig.' }).waitFor();
    await page.getByLabel('Aktuelles Passwort').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByRole('status').filter({ hasText: 'Ihr Passwort wurde geändert.' }).waitFor();
    await page.getByText('Sie haben keine Tokens.').waitFor();
    expect((await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${scripted}` } })).status).toBe(401);
    const login = await server.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'ein-neues-Passwort-2025' });
    expect(login.statusCode).toBe(200);
    // The wrong-password answer is a 400 the screen handles (the browser logs it); nothing else failed.
    expect(problems.filter((p) => !p.includes('/auth/password') && !p.includes('status of 400'))).toEqual([]);
    await context.close();
  });

  it('signs out everywhere, keeping the API tokens when the box is unticked', async () => {
    const user = await server.user({ displayName: 'Emil Überall' });
    const token = (await user.api.post('/api/v1/auth/tokens', { name: 'Import' })).json().token as string;
    const { page, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, user.email);
    await page.goto('/profile');
    const everywhere = page.getByRole('region', { name: 'Überall abmelden' });
    const revoke = everywhere.getByRole('checkbox', { name: 'Auch API-Tokens widerrufen' });
    expect(await revoke.isChecked()).toBe(true);
    await revoke.uncheck();
    await page.getByRole('button', { name: 'Überall abmelden' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Überall abmelden' }).click();
    // The sign-in form (the profile has an e-mail field too, so wait for the button).
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    // The API session signed in earlier (another device) has ended too; the token was kept on purpose.
    expect((await user.api.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await context.close();
  });

  it('lists the signed-in sessions with this one marked, and ends another one', async () => {
    // server.user signs in a second session through the API (no browser User-Agent).
    const user = await server.user({ displayName: 'Sina Sitzung' });
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, user.email);
    await page.goto('/profile');
    const table = page.getByRole('table', { name: 'Angemeldete Geräte' });
    const own = table.getByRole('row').filter({ hasText: 'Diese Sitzung' });
    await own.waitFor();
    expect(await own.getByRole('rowheader').textContent()).toContain('Chrome auf Linux');
    await screenshot(page, 'profile-sessions');
    await table.getByRole('button', { name: 'Sitzung beenden: Unbekannter Browser auf unbekanntem System' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sitzung beenden' }).click();
    await page.getByRole('status').filter({ hasText: 'wurde beendet' }).waitFor();
    await table.getByRole('button', { name: /Unbekannter Browser/ }).waitFor({ state: 'detached' });
    expect((await user.api.get('/api/v1/auth/me')).statusCode).toBe(401);
    await own.waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets an administrator create an account, set a departure date, deactivate it, manage members, read the audit log and download a backup', async () => {
    const admin = await server.user({ role: 'admin', displayName: 'Ada Admin' });
    const space = await createSpace(admin.api, 'Personalamt');
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, admin.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();

    await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
    const create = page.getByRole('dialog', { name: 'Benutzer anlegen' });
    await create.getByLabel('Name').fill('Nora Neu');
    await create.getByLabel('E-Mail-Adresse').fill(`nora-${backend}@amt.example`);
    await create.getByLabel('Erstes Passwort').fill('Startpasswort-2025');
    await create.getByLabel('Rolle').selectOption('knowledge_manager');
    await create.getByLabel('Erstes Passwort').press('Enter');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Nora Neu' }) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Wissensmanagement');
    const created = await server.anonymous.post('/api/v1/auth/login', { email: `nora-${backend}@amt.example`, password: 'Startpasswort-2025' });
    expect(created.statusCode).toBe(200);

    await row.getByRole('button', { name: 'Nora Neu bearbeiten' }).click();
    const edit = page.getByRole('dialog', { name: 'Nora Neu bearbeiten' });
    await edit.getByLabel('Geplanter Austritt').fill('2027-03-31');
    await edit.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => row.innerText()).toContain('31.03.2027');

    await row.getByRole('button', { name: 'Nora Neu deaktivieren' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Deaktivieren' }).click();
    await expect.poll(() => row.innerText()).toContain('Deaktiviert');
    expect((await server.anonymous.post('/api/v1/auth/login', { email: `nora-${backend}@amt.example`, password: 'Startpasswort-2025' })).statusCode).toBe(401);
    await screenshot(page, 'admin-users');

    // Spaces and members.
    const colleague = await server.user({ displayName: 'Karl Kollege' });
    await page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Bereiche und Mitglieder' }).click();
    await page.getByRole('navigation', { name: 'Alle Bereiche' }).getByRole('button', { name: 'Personalamt' }).click();
    await page.getByLabel('Person', { exact: true }).selectOption({ label: `Karl Kollege (${colleague.email})` });
    await page.getByLabel('Rolle', { exact: true }).selectOption('reader');
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByLabel('Rolle von Karl Kollege').waitFor();
    await page.getByLabel('Rolle von Karl Kollege').selectOption('editor');
    await page.getByRole('status').filter({ hasText: 'Die Rolle von Karl Kollege wurde geändert.' }).waitFor();
    const members = (await admin.api.get(`/api/v1/spaces/${space.id}/members`)).json() as Member[];
    expect(members.find((m) => m.displayName === 'Karl Kollege')?.role).toBe('editor');

    // The audit log, filtered to one action, and its CSV with the same filter.
    await page.getByRole('link', { name: 'Protokoll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
    await page.getByLabel('Aktion').fill('user.deactivate');
    await page.getByLabel('Aktion').press('Enter');
    const auditRows = page.getByRole('table', { name: 'Protokoll' }).getByRole('row');
    await expect.poll(() => auditRows.count()).toBe(2);
    expect(await auditRows.nth(1).innerText()).toContain('Ada Admin');
    await screenshot(page, 'admin-audit');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als CSV herunterladen' }).click()]);
    const text = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('user.deactivate');

    // Backup: on the embedded database a download from the running server; on PostgreSQL, how.
    await page.getByRole('link', { name: 'Sicherung', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sicherung' }).waitFor();
    if (backend === 'pglite') {
      const [backup] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Sicherung herunterladen' }).click()]);
      expect(backup.suggestedFilename()).toMatch(/^stafette-backup-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
      const bytes = Buffer.concat(await (await backup.createReadStream()).toArray());
      expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    } else {
      await page.getByText('Der Server nutzt PostgreSQL.').waitFor();
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens the quick switcher with Ctrl+K from inside the editor and jumps to a page by keyboard', async () => {
    const user = await server.user({ displayName: 'Sam Schnell' });
    const space = await createSpace(user.api, 'Kämmerei');
    const start = await createPage(user.api, space.id, 'Haushaltsplan');
    const target = await createPage(user.api, space.id, 'Mahnverfahren einleiten');
    await createPage(user.api, space.id, 'Mahngebühren');
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, user.email);
    await page.goto(`/pages/${start}`);
    await waitForLive(page);
    await editorOf(page).click();
    await page.keyboard.type('Entwurf');

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Zu einer Seite springen' });
    await dialog.waitFor();
    // Focus is in the search field, the editor kept its text (the shortcut did not reach it).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.type('mahn');
    const options = dialog.getByRole('option');
    await expect.poll(() => options.allInnerTexts()).toEqual([expect.stringContaining('Mahngebühren'), expect.stringContaining('Mahnverfahren einleiten')]);
    await screenshot(page, 'quick-switcher');
    await page.keyboard.press('ArrowDown');
    expect(await dialog.getByRole('option', { selected: true }).innerText()).toContain('Mahnverfahren einleiten');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/pages/${target}`);
    await waitForLive(page);
    expect(await dialog.isVisible()).toBe(false);

    // Escape closes it and gives focus back to where the user was typing.
    await editorOf(page).click();
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-editor');
    expect(problems).toEqual([]);
    await context.close();
  });
});
