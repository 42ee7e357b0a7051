/**
 * Classification in real Chromium: an editor raises a page to "Vertraulich" from its banner,
 * the banner says so in words and colour, the tree marks the page, and a reader sees the same
 * banner with export unavailable; the screen passes axe.
 */
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import type { Page } from 'playwright-core';
import { seriousA11yViolations } from '../e2e/support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from '../e2e/support/browser.ts';
import type { E2EServer } from '../e2e/support/server.ts';
import { browserSuite } from '../e2e/support/suite.ts';
import { signIn, waitForLive } from '../e2e/support/ui.ts';

/** axe (WCAG 2.1 AA) on what classification puts on the screen: the banner and the tree with its labels. */
async function a11yOfClassification(page: Page): Promise<string[]> {
  await seriousA11yViolations(page); // loads axe into the page
  const result = (await page.evaluate(
    `window.axe.run({ include: [['.classification-banner'], ['.page-tree']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`,
  )) as { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe.each(browserBackends('postgres'))('classification in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  it('shows the level as a banner with text, lets an editor raise it and marks the page in the tree', async () => {
    const editor = await server.user({ displayName: 'Eva Berger' });
    const reader = await server.user({ displayName: 'Rolf Lehmann' });
    const space = await createSpace(editor.api, 'Personalamt');
    await putMember(editor.api, space.id, reader.id, 'reader');
    const pageId = await createPage(editor.api, space.id, 'Abmahnungen');

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, editor.email);
    await tab.goto(`/pages/${pageId}`);
    await waitForLive(tab);
    const banner = tab.getByRole('note', { name: 'Klassifizierung: Intern' });
    await banner.waitFor();

    await tab.getByRole('button', { name: 'Klassifizierung ändern' }).click();
    const dialog = tab.getByRole('dialog', { name: 'Klassifizierung der Seite' });
    await dialog.getByLabel('Stufe').selectOption('vertraulich');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    const raised = tab.getByRole('note', { name: 'Klassifizierung: Vertraulich' });
    await raised.waitFor();
    expect(await raised.innerText()).toContain('Klassifizierung: Vertraulich');
    expect(await raised.getAttribute('data-classification')).toBe('vertraulich');
    await tab.getByRole('status').filter({ hasText: 'Die Klassifizierung ist jetzt „Vertraulich“.' }).waitFor();
    // The tree marks the page with the level's name, not a colour alone.
    await tab.locator('.tree-row .classification-badge', { hasText: 'Vertraulich' }).waitFor();
    expect(await a11yOfClassification(tab)).toEqual([]);
    await screenshot(tab, 'classification-banner-vertraulich');

    // A reader sees the same banner; export is not offered to them.
    const other = await openPage(chromium.browser, server.baseUrl);
    await signIn(other.page, reader.email);
    await other.page.goto(`/pages/${pageId}`);
    await waitForLive(other.page);
    await other.page.getByRole('note', { name: 'Klassifizierung: Vertraulich' }).waitFor();
    expect(await other.page.getByRole('button', { name: 'Klassifizierung ändern' }).count()).toBe(0);
    await other.page.getByRole('button', { name: 'Weitere Aktionen für diese Seite' }).click();
    await other.page.getByRole('menuitem', { name: 'Versionen' }).waitFor();
    expect(await other.page.getByRole('menuitem', { name: /exportieren/ }).count()).toBe(0);

    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
    await context.close();
    await other.context.close();
  });

  it('lets an administrator rename a level, also while the stored names are still loading; pages show the new name', async () => {
    const admin = await server.user({ role: 'admin', displayName: 'Adam Verwaltung' });
    const space = await createSpace(admin.api, 'Hauptamt');
    const pageId = await createPage(admin.api, space.id, 'Dienstanweisung');

    const { page: tab, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab, admin.email);
    // The stored names arrive late (as from a busy server): what the administrator typed must survive them.
    await tab.route('**/api/v1/admin/classification', async (route) => {
      if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    const storedArrived = tab.waitForResponse((response) => response.url().endsWith('/api/v1/admin/classification') && response.request().method() === 'GET');
    await tab.goto('/admin/classification');
    await tab.getByRole('heading', { level: 1, name: 'Klassifizierungsschema' }).waitFor();
    const label = tab.getByLabel('Bezeichnung für „intern“');
    await label.fill('Nur für den Dienstgebrauch');
    await storedArrived;
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    expect(await label.inputValue()).toBe('Nur für den Dienstgebrauch');
    await tab.getByRole('button', { name: 'Speichern' }).click();
    await tab.getByRole('status').filter({ hasText: 'Das Klassifizierungsschema wurde gespeichert.' }).waitFor();
    await screenshot(tab, 'classification-admin');

    await tab.goto(`/pages/${pageId}`);
    await tab.getByRole('note', { name: 'Klassifizierung: Nur für den Dienstgebrauch' }).waitFor();
    const exported = await admin.api.get(`/api/v1/pages/${pageId}/export?format=markdown`);
    expect(exported.body.startsWith('Klassifizierung: Nur für den Dienstgebrauch\n')).toBe(true);

    // Back to the shipped name.
    await tab.goto('/admin/classification');
    await tab.getByLabel('Bezeichnung für „intern“').fill('Intern');
    await tab.getByRole('button', { name: 'Speichern' }).click();
    await tab.getByRole('status').filter({ hasText: 'Das Klassifizierungsschema wurde gespeichert.' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
