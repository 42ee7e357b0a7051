/**
 * Search where people work, in real Chromium: suggestions while typing (a combobox popup walked
 * by keyboard), filters with their counts, "Meinten Sie", and a knowledge manager adding a
 * synonym group on "Gesucht, nicht gefunden".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, putMember } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  for (const start = Date.now(); !(await check()); ) {
    if (Date.now() - start > timeoutMs) throw new Error('search did not catch up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(browserBackends('pglite'))('search suggestions and filters in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let manager: WatchedPage;
  const ids: Record<string, string> = {};

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const anna = await server.user({ displayName: 'Anna Amt' });
    const bernd = await server.user({ displayName: 'Bernd Bauhof' });
    const kim = await server.user({ displayName: 'Kim Wissen', role: 'knowledge_manager' });
    const amt = await createSpace(anna.api, 'Ordnungsamt');
    await putMember(anna.api, amt.id, bernd.id, 'editor');
    await putMember(anna.api, amt.id, kim.id, 'reader');
    ids.sperr = await importMarkdown(anna.api, amt.id, 'Sperrmüll anmelden', 'Sperrmüll holt der Bauhof nach Anmeldung ab.');
    ids.termine = await importMarkdown(anna.api, amt.id, 'Sperrmülltermine', 'Die Sperrmülltermine stehen im Abfallkalender.');
    ids.bauhof = await importMarkdown(bernd.api, amt.id, 'Sperrmüll am Straßenrand', 'Sperrmüll darf erst am Abend vorher an den Straßenrand.');
    ids.elterngeld = await importMarkdown(anna.api, amt.id, 'Elterngeld beantragen', 'Das Elterngeld beantragen Eltern nach der Geburt.');
    await until(async () => (await kim.api.get('/api/v1/search?q=Sperrm%C3%BCll')).json().hits?.length === 3);
    await until(async () => (await kim.api.get('/api/v1/search?q=Elterngeld')).json().hits?.length === 1);
    manager = await openPage(chromium.browser, server.baseUrl);
    await signIn(manager.page, kim.email);
  }, 180_000);

  it('suggests while typing, walks the suggestions by keyboard and opens one with Enter', async () => {
    const { page: p } = manager;
    await p.goto('/search');
    const box = p.getByRole('combobox', { name: 'Suchbegriff' });
    await box.pressSequentially('Sperrm', { delay: 30 });
    const popup = p.getByRole('listbox', { name: 'Vorschläge' });
    await expect.poll(() => popup.getByRole('option').count()).toBe(3);
    expect(await box.getAttribute('aria-controls')).toBe(await popup.getAttribute('id'));
    await p.keyboard.press('ArrowDown');
    const first = popup.getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'search-suggestions');
    // Escape closes the popup; the results stay.
    await p.keyboard.press('Escape');
    await expect.poll(() => popup.count()).toBe(0);
    await box.pressSequentially('ülltermine', { delay: 20 });
    await expect.poll(() => popup.getByRole('option').count()).toBe(1);
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/pages/${ids.termine}$`));
  });

  it('narrows by author with counts, sorts by date and offers Meinten Sie for a query without hits', async () => {
    const { page: p } = manager;
    await p.goto('/search?q=Sperrm%C3%BCll');
    const facets = p.getByRole('complementary', { name: 'Eingrenzen' });
    await facets.getByRole('button', { name: 'Anna Amt 2 Treffer' }).waitFor();
    await facets.getByRole('button', { name: 'Bernd Bauhof 1 Treffer' }).click();
    const results = p.getByRole('listbox', { name: 'Suche' });
    await expect.poll(() => results.getByRole('option').count()).toBe(1);
    expect(await results.innerText()).toContain('Sperrmüll am Straßenrand');
    expect(new URL(p.url()).searchParams.get('author')).not.toBeNull();
    await facets.getByRole('button', { name: 'Alle', exact: true }).click();
    await expect.poll(() => results.getByRole('option').count()).toBe(3);
    await p.getByLabel('Sortierung').selectOption('date');
    await expect.poll(() => new URL(p.url()).searchParams.get('sort')).toBe('date');
    await expect.poll(() => results.getByRole('option').first().getAttribute('data-page-id')).toBe(ids.bauhof);
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'search-filters');

    await p.goto('/search?q=Eldergeld');
    await expect.poll(() => p.getByTestId('search-correction').innerText()).toBe('„Elterngeld“');
    await p.getByTestId('search-correction').click();
    await expect.poll(() => p.getByRole('combobox', { name: 'Suchbegriff' }).inputValue()).toBe('Elterngeld');
    await expect.poll(() => results.getByRole('option').count()).toBe(1);
  });

  it('lets a knowledge manager add and remove a synonym group', async () => {
    const { page: p } = manager;
    await p.goto('/knowledge-gaps');
    await p.getByRole('heading', { name: 'Synonyme der Suche' }).waitFor();
    await p.getByLabel('Neue Gruppe: Begriffe durch Komma getrennt').fill('Krempel, Sperrmüll');
    await p.getByRole('button', { name: 'Gruppe hinzufügen' }).click();
    await p.getByTestId('synonym-groups').getByText('Krempel · Sperrmüll').waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await p.goto('/search?q=Krempel');
    // The group works at once: the word in no page finds the pages about Sperrmüll.
    await expect.poll(() => p.getByRole('listbox', { name: 'Suche' }).innerText()).toContain('Sperrmüll anmelden');
    await p.goto('/knowledge-gaps');
    await p.getByRole('button', { name: 'Gruppe entfernen: Krempel, Sperrmüll' }).click();
    await p.getByText('Noch keine eigenen Gruppen.').waitFor();
    expect(manager.problems).toEqual([]);
  });
});
