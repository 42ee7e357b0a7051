/**
 * The management dashboard in real Chromium: a knowledge manager opens "Überblick", every chart
 * draws on its canvas and shows its figures as a table behind a toggle; CSV and PNG downloads
 * carry the chart's data and picture. Axe-clean, screenshots.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, seedProcess } from '../support/seed.ts';
import { attach } from '../support/knowledge.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('postgres'))('management dashboard in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let manager: Awaited<ReturnType<E2EServer['user']>>;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    manager = await server.user({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
    const clerk = await server.user({ displayName: 'Anna Amt' });
    const space = await createSpace(clerk.api, 'Ordnungsamt');
    const processId = await seedProcess(server.database.db, space.id, 'Marktzulassung', ['Task_Antrag', 'Task_Zulassung']);
    await attach(server.database.db, processId, 'Task_Antrag', await importMarkdown(clerk.api, space.id, 'Antrag auf Marktzulassung'));
    await server.database.db.updateTable('users').set({ planned_departure_date: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) }).where('id', '=', clerk.id).execute();
    await server.database.db.insertInto('search_gaps').values({ query: 'hundekot', shown_since: new Date() }).execute();
    await server.database.db.insertInto('search_gap_days').values({ query: 'hundekot', day: new Date().toISOString().slice(0, 10), no_hits: 5, no_click: 1 }).execute();
  }, 60_000);

  it('draws every chart with its data table, exports CSV and PNG', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, manager.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Überblick' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wissensmanagement auf einen Blick' }).waitFor();
    const charts = page.locator('.dashboard-chart');
    expect(await charts.count()).toBe(5);
    // Every chart with data has drawn on its canvas.
    const drawn = await page.locator('.dashboard-chart canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) coloured += 1;
        return coloured > 100;
      }),
    );
    // No page has a review interval here: that chart says so instead of drawing.
    expect(drawn).toEqual([true, true, true, true]);
    expect(await page.getByRole('region', { name: 'Überprüfungen nach Bereich' }).textContent()).toContain('Keine Seiten mit Überprüfungsintervall.');
    await screenshot(page, 'dashboard');

    const coverage = page.getByRole('region', { name: 'Dokumentierte Prozessschritte' });
    expect(await coverage.textContent()).toContain('Heute sind 1 von 2 Prozessschritten dokumentiert (50 %).');
    for (const region of ['Dokumentierte Prozessschritte', 'Wissen in Gefahr nach Bereich', 'Übergabegespräche', 'Gesucht, nicht gefunden (90 Tage)']) {
      await page.getByRole('region', { name: region }).getByRole('button', { name: 'Daten als Tabelle zeigen' }).click();
    }
    const riskTable = page.getByRole('region', { name: 'Wissen in Gefahr nach Bereich' }).getByRole('table');
    expect(await riskTable.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Ordnungsamt\s+1\s+1$/)]);
    const gapsTable = page.getByRole('region', { name: 'Gesucht, nicht gefunden (90 Tage)' }).getByRole('table');
    expect(await gapsTable.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^hundekot\s+6$/)]);
    const coverageRows = await coverage.getByRole('table').locator('tbody tr').allInnerTexts();
    expect(coverageRows.at(-1)).toMatch(/\s2\s+1$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-tables');

    const interviews = page.getByRole('region', { name: 'Übergabegespräche' });
    const [csv] = await Promise.all([page.waitForEvent('download'), interviews.getByRole('button', { name: 'Als CSV herunterladen' }).click()]);
    expect(csv.suggestedFilename()).toBe('uebergabegespraeche.csv');
    expect((await readFile((await csv.path())!, 'utf8')).replace(/^\uFEFF/, '')).toBe('Stand;Anzahl\r\nGeplant;0\r\nLaufend;0\r\nAbgeschlossen;0\r\n');
    const [png] = await Promise.all([page.waitForEvent('download'), interviews.getByRole('button', { name: 'Als PNG herunterladen' }).click()]);
    expect(png.suggestedFilename()).toBe('uebergabegespraeche.png');
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('is not offered to other people', async () => {
    const clerk = await server.user({ displayName: 'Otto Normal' });
    const { page, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, clerk.email);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Personen' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Überblick' }).count()).toBe(0);
    await context.close();
  }, 60_000);
});
