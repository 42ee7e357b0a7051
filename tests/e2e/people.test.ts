/**
 * Who knows what in real Chromium: a clerk asks "Sondernutzung" and finds the colleague who
 * wrote the page about it and the contact for the step, each with the evidence; the person
 * page shows the offices, steps and pages. Axe-clean.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, putMember, seedProcess } from '../support/seed.ts';
import { attach } from '../support/knowledge.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('pglite'))('people directory in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let clerk: Awaited<ReturnType<E2EServer['user']>>;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const author = await server.user({ displayName: 'Sandra Straße' });
    const contact = await server.user({ displayName: 'Paul Prüfer' });
    clerk = await server.user({ displayName: 'Clara Klein' });
    const space = await createSpace(author.api, 'Tiefbauamt');
    await putMember(author.api, space.id, contact.id, 'reader');
    await putMember(author.api, space.id, clerk.id, 'reader');
    const pageId = await importMarkdown(author.api, space.id, 'Sondernutzung von Gehwegen', '# Sondernutzung\n\nTische vor dem Café brauchen eine Erlaubnis.');
    const processId = await seedProcess(server.database.db, space.id, 'Straßenrecht', ['Task_Antrag']);
    await attach(server.database.db, processId, 'Task_Antrag', pageId);
    await server.database.db.insertInto('process_step_contacts').values({ process_id: processId, element_id: 'Task_Antrag', user_id: contact.id, position: 0 }).execute();
    for (const start = Date.now(); (await clerk.api.get('/api/v1/search?q=Sondernutzung')).json().hits?.length !== 1; ) {
      if (Date.now() - start > 15_000) throw new Error('search did not catch up');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  it('finds the people behind a topic and opens a person page', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, clerk.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Personen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wer kennt sich aus?' }).waitFor();
    await page.getByRole('searchbox', { name: 'Name oder Thema' }).fill('Sondernutzung');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const results = page.getByRole('list', { name: 'Personen' });
    await results.getByRole('link', { name: 'Sandra Straße' }).waitFor();
    expect(await results.locator('.people-name').allTextContents()).toEqual(['Sandra Straße', 'Paul Prüfer']);
    expect(await results.textContent()).toContain('Schrieb an: Sondernutzung von Gehwegen');
    expect(await results.textContent()).toContain('Ansprechperson für: Schritt Task_Antrag (Straßenrecht)');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'people-search');

    await results.getByRole('link', { name: 'Paul Prüfer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Paul Prüfer' }).waitFor();
    await page.getByRole('region', { name: 'Ansprechperson für diese Prozessschritte' }).getByRole('link', { name: 'Schritt Task_Antrag' }).waitFor();
    await page.getByRole('region', { name: 'Bereiche' }).getByRole('link', { name: 'Tiefbauamt' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('lets a person declare expertise on their own page; the quick switcher and the search screen show a "Personen" group', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, clerk.email);
    await page.goto(`${server.baseUrl}/people/${clerk.id}`);
    await page.getByRole('heading', { level: 1, name: 'Clara Klein' }).waitFor();
    const tags = page.getByRole('region', { name: 'Fachgebiete' });
    await tags.getByRole('textbox', { name: 'Fachgebiet hinzufügen' }).fill('Gehwegreinigung');
    await tags.getByRole('button', { name: 'Hinzufügen' }).click();
    await tags.getByRole('list', { name: 'Fachgebiete', exact: true }).getByText('Gehwegreinigung').waitFor();
    await tags.getByRole('button', { name: '„Gehwegreinigung“ entfernen' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'person-tags');

    // From elsewhere, the quick switcher finds her under "Personen" and opens her page.
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Suche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suche' }).waitFor();
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog');
    await switcher.getByRole('combobox').fill('Gehwegreinigung');
    const group = switcher.getByRole('group', { name: 'Personen' });
    await group.getByRole('option', { name: /Clara Klein/ }).waitFor();
    expect(await group.textContent()).toContain('Fachgebiet: Gehwegreinigung');
    await screenshot(page, 'switcher-people');
    await group.getByRole('option', { name: /Clara Klein/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Clara Klein' }).waitFor();

    await page.goto(`${server.baseUrl}/search?q=Sondernutzung`);
    const people = page.getByRole('region', { name: 'Personen' });
    await people.getByRole('link', { name: 'Sandra Straße' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'search-people');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
