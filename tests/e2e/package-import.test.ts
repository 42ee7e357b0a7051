/**
 * Process packages in real Chromium: a space owner picks a `.stafette.zip` with "Paket
 * importieren", sees the dry-run preview (process, pages, what the source left out) in a dialog
 * with no serious accessibility findings, and only "Importieren" creates the process.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown } from '../support/seed.ts';
import { changePackage, minimalPackage } from '../support/packages.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('pglite'))('process package import in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: Awaited<ReturnType<E2EServer['user']>>;
  let space: { id: string; name: string };
  let parentId: string;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    owner = await server.user({ displayName: 'Paul Paket' });
    space = await createSpace(owner.api, `Gewerbeamt ${backend}`);
    parentId = await importMarkdown(owner.api, space.id, 'Gewerbe', 'Alles zum Gewerbe.');
  });

  it('previews the package in a dialog and imports it on confirmation', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, owner.email);
    await page.goto(`/spaces/${space.id}`);
    await page.getByRole('heading', { name: 'Prozesse in diesem Bereich' }).waitFor();
    const pkg = changePackage(minimalPackage(), (_files, manifest) => {
      manifest.leftOut = [{ kind: 'page', id: 'x', title: 'Interne Notizen', reason: 'classified "Vertraulich", above "Intern"' }];
    });
    await page.getByTestId('package-file-input').setInputFiles({ name: 'Gewerbe anmelden.stafette.zip', mimeType: 'application/zip', buffer: pkg });
    const dialog = page.getByRole('dialog', { name: 'Prozesspaket importieren' });
    await dialog.waitFor();
    expect(await dialog.getByText('Aus: Stadt Musterstadt').isVisible()).toBe(true);
    expect(await dialog.getByText('Der Prozess „Gewerbe anmelden“').isVisible()).toBe(true);
    expect(await dialog.getByText('Gewerbeanmeldung prüfen – wird angelegt').isVisible()).toBe(true);
    expect(await dialog.getByText(/Interne Notizen/).isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'package-import-preview');
    // Nothing exists before the confirmation.
    expect(await server.database.db.selectFrom('processes').select('id').where('space_id', '=', space.id).execute()).toEqual([]);

    // The new pages go under a page of the space chosen here.
    await dialog.getByLabel('Neue Seiten einfügen unter').selectOption({ label: 'Gewerbe' });
    await dialog.getByRole('button', { name: 'Importieren' }).click();
    await page.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    const imported = await server.database.db.selectFrom('pages').select('parent_id').where('space_id', '=', space.id).where('title', '=', 'Gewerbeanmeldung prüfen').executeTakeFirstOrThrow();
    expect(imported.parent_id).toBe(parentId);
    await page.getByRole('heading', { level: 1, name: 'Gewerbe anmelden' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
