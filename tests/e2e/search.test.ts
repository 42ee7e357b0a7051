/**
 * Search in real Chromium against the real server. Two spaces hold pages with the same rare
 * word; Clara reads only the first. In the process view her search lights up the step the
 * matching page is attached to, groups the hits by step, narrows to a step and opens a hit. On
 * the global search page she types, narrows by facet and walks the results by keyboard — and
 * neither place ever shows a page, snippet or facet from the space she cannot read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, putMember } from '../support/seed.ts';
import type { Client } from '../support/test-app.ts';
import { repoRoot } from './support/client-build.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

const MODEL = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn'), 'utf8');
const TASK_1 = '_5a972b87-735d-454a-b31c-f52fb3afc5c7';
const TASK_2 = '_4f7d62d7-f0e6-46bc-be00-69e02da38f65';
const TASK_3 = '_e6eb725a-34bc-45c7-aed0-9f9596cd7bee';

const shape = (page: Page, elementId: string) => page.locator(`.djs-element.djs-shape[data-element-id="${elementId}"]`);
const lit = (page: Page, elementId: string) => shape(page, elementId).evaluate((el) => el.classList.contains('search-hit'));

async function importProcess(api: Client, spaceId: string): Promise<string> {
  const res = await api.post(`/api/v1/processes/import?spaceId=${spaceId}`, MODEL, { headers: { 'content-type': 'application/xml' } });
  if (res.statusCode !== 201) throw new Error(`import: ${res.body}`);
  return res.json().id as string;
}

async function attach(api: Client, processId: string, elementId: string, pageId: string): Promise<void> {
  const res = await api.put(`/api/v1/processes/${processId}/steps/${elementId}/pages/${pageId}`, {});
  if (res.statusCode >= 300) throw new Error(`attach: ${res.body}`);
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  for (const start = Date.now(); !(await check()); ) {
    if (Date.now() - start > timeoutMs) throw new Error('search did not catch up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(browserBackends('postgres'))('search in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let clara: WatchedPage;
  let amt: { id: string; name: string };
  let geheim: { id: string; name: string };
  let processId: string;
  const ids: Record<string, string> = {};

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const anna = await server.user({ displayName: 'Anna Amt' });
    const bob = await server.user({ displayName: 'Bob Geheim' });
    const reader = await server.user({ displayName: 'Clara Lesend' });
    amt = await createSpace(anna.api, 'Bürgeramt');
    geheim = await createSpace(bob.api, 'Geheimschutz');
    await putMember(anna.api, amt.id, reader.id, 'reader');

    processId = await importProcess(anna.api, amt.id);
    ids.pruefung = await importMarkdown(anna.api, amt.id, 'Checkliste Vorrangprüfung', '# Ablauf\n\nDie Vorrangprüfung klärt, ob ein Anspruch vorgeht. Unterlagen <b>vollständig</b> & geprüft.');
    ids.bescheid = await importMarkdown(anna.api, amt.id, 'Bescheid nach Vorrangprüfung', 'Nach der Vorrangprüfung ergeht der Bescheid.');
    ids.frei = await importMarkdown(anna.api, amt.id, 'Vorrangprüfung im Überblick', 'Allgemeine Hinweise zur Vorrangprüfung, an keinem Schritt.');
    ids.anderes = await importMarkdown(anna.api, amt.id, 'Gebühren', 'Die Gebührenordnung gilt.');
    await attach(anna.api, processId, TASK_1, ids.pruefung);
    await attach(anna.api, processId, TASK_3, ids.bescheid);
    await attach(anna.api, processId, TASK_2, ids.anderes);

    const secretProcess = await importProcess(bob.api, geheim.id);
    ids.geheim = await importMarkdown(bob.api, geheim.id, 'Vorrangprüfung Verschlusssache', 'Geheimvermerk zur Vorrangprüfung.');
    await attach(bob.api, secretProcess, TASK_1, ids.geheim);

    // Everything indexed: Bob finds his page, Anna hers (the outbox drained).
    await until(async () => (await bob.api.get('/api/v1/search?q=Vorrangpr%C3%BCfung')).json().hits?.length === 1);
    await until(async () => (await anna.api.get(`/api/v1/search?q=Vorrangpr%C3%BCfung&processId=${processId}`)).json().hits?.length === 2);

    clara = await openPage(chromium.browser, server.baseUrl);
    await signIn(clara.page, reader.email);
  }, 180_000);

  it('lights up the matching steps in the process view, groups hits by step, narrows to a step and opens a hit', async () => {
    const { page: p } = clara;
    await p.goto(`/processes/${processId}`);
    await p.locator('.diagram-canvas[data-ready="true"]').waitFor();
    const box = p.getByRole('searchbox', { name: 'In diesem Prozess suchen' });
    await box.fill('Vorrangprüfung');

    await expect.poll(() => lit(p, TASK_1)).toBe(true);
    await expect.poll(() => lit(p, TASK_3)).toBe(true);
    expect(await lit(p, TASK_2)).toBe(false);

    const results = p.getByTestId('process-search-results');
    await expect.poll(() => results.locator('.process-search-group').count()).toBe(2);
    expect(await results.locator('.process-search-group').first().getAttribute('data-step')).toBe(TASK_1);
    expect(await results.getByRole('status').innerText()).toBe('Treffer an 2 Schritten');
    const text = await results.innerText();
    expect(text).toContain('Checkliste Vorrangprüfung');
    expect(text).toContain('Bescheid nach Vorrangprüfung');
    // Not attached to a step, and not readable: neither shows.
    expect(text).not.toContain('Vorrangprüfung im Überblick');
    expect(text).not.toContain('Verschlusssache');
    expect(text).not.toContain('Geheimvermerk');
    // The snippet highlights the match and shows the page's markup-like text as text.
    await expect.poll(() => results.locator('mark').first().innerText()).toBe('Vorrangprüfung');
    expect(await results.locator('b').count()).toBe(0);
    await screenshot(p, 'search-process-view-lit');

    await results.getByRole('button', { name: 'Nur diesen Schritt zeigen: Task 3' }).click();
    await expect.poll(() => results.locator('.process-search-group').count()).toBe(1);
    expect(await results.innerText()).toContain('Nur Schritt „Task 3“');
    expect(await results.innerText()).not.toContain('Checkliste Vorrangprüfung');
    // The step is selected in the view too (its panel opens, the address names it).
    await p.waitForURL(new RegExp(`/processes/${processId}/steps/${TASK_3}$`));
    await screenshot(p, 'search-process-view-step');

    await results.getByRole('button', { name: 'Alle Schritte zeigen' }).click();
    await expect.poll(() => results.locator('.process-search-group').count()).toBe(2);

    // A click on a lit step in the diagram narrows the hits to it.
    await shape(p, TASK_1).click();
    await expect.poll(() => results.locator('.process-search-group').count()).toBe(1);
    expect(await results.locator('.process-search-group').getAttribute('data-step')).toBe(TASK_1);

    await results.getByRole('link', { name: 'Checkliste Vorrangprüfung' }).click();
    await p.waitForURL(new RegExp(`/pages/${ids.pruefung}$`));
    await p.getByRole('heading', { name: 'Checkliste Vorrangprüfung' }).first().waitFor();
  });

  it('searches as you type on the search page, with facets, and walks the results by keyboard', async () => {
    const { page: p } = clara;
    await p.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Suche' }).click();
    await p.waitForURL(/\/search/);
    const box = p.getByRole('combobox', { name: 'Suchbegriff' });
    await box.pressSequentially('Vorrangprüf', { delay: 30 });
    const results = p.getByRole('listbox', { name: 'Suche' });
    await expect.poll(() => results.getByRole('option').count()).toBe(3);
    await expect.poll(() => p.getByTestId('search-status').innerText()).toBe('3 Treffer');
    const all = await results.innerText();
    expect(all).not.toContain('Verschlusssache');
    expect(all).not.toContain('Geheimvermerk');
    expect(new URL(p.url()).searchParams.get('q')).toBe('Vorrangprüf');

    // Facets: only the readable space, with its count; the process with its two pages.
    const facets = p.getByRole('complementary', { name: 'Eingrenzen' });
    await facets.getByRole('button', { name: 'Bürgeramt 3 Treffer' }).waitFor();
    expect(await facets.innerText()).not.toContain('Geheimschutz');
    const processFacet = facets.getByRole('button', { name: / 2 Treffer$/ });
    await processFacet.waitFor();
    await screenshot(p, 'search-page-results');
    await processFacet.click();
    await expect.poll(() => results.getByRole('option').count()).toBe(2);
    expect(await results.innerText()).not.toContain('Vorrangprüfung im Überblick');
    await facets.getByRole('button', { name: 'Alle Prozesse' }).click();
    await expect.poll(() => results.getByRole('option').count()).toBe(3);

    // Keyboard: the cursor stays in the field, the arrows move the active result, Enter opens it.
    await box.focus();
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    const second = results.getByRole('option').nth(1);
    await expect.poll(() => second.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await second.getAttribute('id'));
    await screenshot(p, 'search-page-keyboard');
    const target = await second.getAttribute('data-page-id');
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/pages/${target}$`));

    // A word only the other space has: nothing, and no facet either.
    await p.goto('/search?q=Geheimvermerk');
    await expect.poll(() => p.getByTestId('search-status').innerText()).toBe('Keine Treffer für „Geheimvermerk“.');
    expect(await p.getByRole('complementary', { name: 'Eingrenzen' }).innerText()).toBe('');
    expect(clara.problems).toEqual([]);
  });
});
