/**
 * "Gesucht, nicht gefunden" in real Chromium: a search left without result on the search
 * screen is reported (no user id stored); once three people searched in vain the knowledge
 * manager sees the query with its counts and creates the missing page with one click; the
 * worklist of what is missing shows below it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, putMember } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('postgres'))('knowledge gaps in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let manager: Awaited<ReturnType<E2EServer['user']>>;
  let clerks: Awaited<ReturnType<E2EServer['user']>>[];
  let space: { id: string; name: string };

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    manager = await server.user({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
    clerks = [await server.user({ displayName: 'Anna Amt' }), await server.user({ displayName: 'Bert Bürger' }), await server.user({ displayName: 'Carla Kasse' })];
    space = await createSpace(clerks[0]!.api, 'Ordnungsamt');
    await putMember(clerks[0]!.api, space.id, manager.id, 'editor');
    for (const clerk of clerks.slice(1)) await putMember(clerks[0]!.api, space.id, clerk.id, 'reader');
  }, 60_000);

  it('reports a search left without result from the search screen', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, clerks[0]!.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Suche' }).click();
    await page.getByRole('combobox', { name: 'Suchbegriff' }).fill('Baumfällung Privatgrund');
    // Typing settles, then the user gives up and goes to the start page.
    await page.waitForTimeout(3000);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Startseite' }).click();
    const db = server.database.db;
    await expect.poll(async () => (await db.selectFrom('search_gap_days').select('no_hits').where('query', '=', 'baumfällung privatgrund').executeTakeFirst())?.no_hits, { timeout: 10_000 }).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows the knowledge manager what three people searched in vain and creates the page', async () => {
    for (const clerk of clerks) expect((await clerk.api.post('/api/v1/search/misses', { q: 'Sondernutzung Gehweg', spaceId: space.id })).statusCode).toBe(204);
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, manager.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Gesucht, nicht gefunden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gesucht, nicht gefunden' }).waitFor();
    // Only its own nav entry is marked current (not "Wissen in Gefahr").
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await nav.getByRole('link', { name: 'Gesucht, nicht gefunden' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Wissen in Gefahr' }).getAttribute('aria-current')).toBeNull();
    const row = page.getByRole('row', { name: /sondernutzung gehweg/ });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toContain('3');
    expect(await row.textContent()).toContain('Ordnungsamt (3)');
    // The worklist below the report (checked by axe with it).
    const worklist = page.getByRole('region', { name: 'Arbeitsliste' });
    await worklist.getByRole('heading', { name: /^Seiten ohne verantwortliche Person/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'knowledge-gaps');

    await row.getByRole('button', { name: 'Seite anlegen für „sondernutzung gehweg“' }).click();
    const dialog = page.getByRole('dialog', { name: 'Seite für „sondernutzung gehweg“ anlegen' });
    await dialog.getByLabel('Bereich').selectOption({ label: 'Ordnungsamt' });
    await dialog.getByLabel('Verantwortlich für das Schreiben').selectOption({ label: 'Anna Amt' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByText('Seite „Sondernutzung gehweg“ angelegt.').waitFor();
    await row.getByRole('link', { name: 'Seite angelegt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sondernutzung gehweg' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
