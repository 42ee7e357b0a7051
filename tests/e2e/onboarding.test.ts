/**
 * Onboarding in real Chromium: a space owner builds a reading path on the Einarbeitung screen
 * (a page found by search, a note) and assigns it to a newcomer, whose start page shows the
 * path with its progress; "Gelesen und verstanden" counts, and a page edited afterwards comes
 * back as "geändert seit Sie es gelesen haben". The owner sees the newcomer's progress.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, putMember } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('pglite'))('onboarding in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: Awaited<ReturnType<E2EServer['user']>>;
  let newcomer: Awaited<ReturnType<E2EServer['user']>>;
  let pageId: string;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    owner = await server.user({ displayName: 'Olga Owner' });
    newcomer = await server.user({ displayName: 'Nele Neu' });
    const space = await createSpace(owner.api, 'Bürgerbüro');
    await putMember(owner.api, space.id, newcomer.id, 'reader');
    pageId = await importMarkdown(owner.api, space.id, 'Wohnsitz anmelden', '# Wohnsitz anmelden\n\nDie Anmeldung erfolgt binnen zwei Wochen.');
    // The page finder searches: wait until the page is indexed.
    for (const start = Date.now(); (await owner.api.get('/api/v1/search?q=Wohnsitz')).json().hits?.length !== 1; ) {
      if (Date.now() - start > 15_000) throw new Error('search did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  it('lets an owner build and assign a path that the newcomer follows on the start page', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, owner.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einarbeitung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Einarbeitung' }).waitFor();
    await page.getByText('Noch keine Lesepfade.').waitFor();

    await page.getByRole('button', { name: 'Neuer Lesepfad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lesepfad anlegen' });
    await dialog.getByLabel('Titel').fill('Einarbeitung Bürgerbüro');
    await dialog.getByRole('searchbox', { name: 'Seite suchen' }).fill('Wohnsitz');
    await dialog.getByRole('button', { name: 'Seite suchen' }).click();
    await dialog.getByRole('button', { name: 'Seite hinzufügen: Wohnsitz anmelden' }).click();
    await dialog.getByLabel('Hinweis zu „Wohnsitz anmelden“').fill('Fristen beachten');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByText('Lesepfad „Einarbeitung Bürgerbüro“ angelegt.').waitFor();

    const card = page.getByRole('article', { name: 'Einarbeitung Bürgerbüro' });
    await card.getByRole('combobox', { name: 'Zuweisen an' }).selectOption({ label: 'Nele Neu' });
    await card.getByRole('button', { name: 'Zuweisen' }).click();
    await card.getByRole('rowheader', { name: 'Nele Neu' }).waitFor();
    expect(await card.getByRole('row', { name: /Nele Neu/ }).textContent()).toContain('0 von 1 gelesen');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'onboarding-owner');

    // The newcomer's start page.
    const newcomerPage = await openPage(chromium.browser, server.baseUrl);
    await signIn(newcomerPage.page, newcomer.email);
    const mine = newcomerPage.page.getByRole('region', { name: 'Ihre Einarbeitung' });
    await mine.getByText('0 von 1 gelesen').waitFor();
    await mine.getByText('Fristen beachten').waitFor();
    await mine.getByRole('button', { name: 'Gelesen und verstanden' }).click();
    await mine.getByText('1 von 1 gelesen').waitFor();
    expect(await mine.getByRole('progressbar').getAttribute('value')).toBe('1');

    // The page changes: it comes back.
    expect((await owner.api.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Wohnsitz anmelden\n\nNeu: Termine online.' })).statusCode).toBe(200);
    await newcomerPage.page.reload();
    await mine.getByText('geändert seit Sie es gelesen haben').waitFor();
    await mine.getByText('0 von 1 gelesen').waitFor();
    expect(await seriousA11yViolations(newcomerPage.page)).toEqual([]);
    await screenshot(newcomerPage.page, 'onboarding-newcomer-changed');

    // The owner sees it in the newcomer's progress.
    await page.reload();
    await card.getByText('1 Seite seit dem Lesen geändert').waitFor();

    expect(problems).toEqual([]);
    expect(newcomerPage.problems).toEqual([]);
    await newcomerPage.context.close();
    await context.close();
  }, 120_000);
});
