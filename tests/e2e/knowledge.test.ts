/**
 * Knowledge upkeep in real Chromium on the demo town: a knowledge manager opens the
 * knowledge-at-risk dashboard, filters it, and schedules an exit interview for the riskiest
 * expert with one click; a responsible person sees the overdue review on the start page and as
 * a banner on the page, confirms "still correct", and the banner and the start-page entry go.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemo } from '../../server/src/cli/commands/seed-demo.ts';
import { DEMO_PASSWORD, emailOf } from '../../server/src/cli/commands/demo-town/town.ts';
import { browserBackends } from '../support/databases.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn, waitForLive } from './support/ui.ts';

describe.each(browserBackends('postgres'))('knowledge upkeep in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    await seedDemo({ ...loadConfig({}), clientDist: '/nonexistent' }, server.database);
  }, 240_000);

  it('lets a knowledge manager schedule an interview for the riskiest expert from the dashboard', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, emailOf('wissen'), DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Wissen in Gefahr' }).click();
    await page.getByRole('heading', { level: 1, name: 'Wissen in Gefahr' }).waitFor();

    const rows = page.locator('.risk-table tbody tr');
    await rows.first().waitFor();
    // Highest first: Karl's stale page on "Identität prüfen", Karl leaves in 25 days.
    await expect.poll(() => rows.first().locator('.risk-step-name').textContent()).toBe('Identität prüfen');
    expect(await rows.first().getAttribute('data-level')).toBe('high');
    expect(await rows.first().locator('.risk-reason').allTextContents()).toEqual([
      'Nur eine Seite',
      'Seit 420 Tagen nicht bearbeitet',
      'Karl Krüger geht in 25 Tagen (100 % der Bearbeitungen)',
      'Nur Karl Krüger hat hier geschrieben',
    ]);
    const scores = (await rows.locator('.risk-badge > span[aria-hidden]').allTextContents()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await screenshot(page, 'knowledge-dashboard');

    // The experts who leave: Karl first (soonest), with the one-click scheduling.
    const people = page.locator('.risk-person');
    expect(await people.first().locator('strong').textContent()).toBe('Karl Krüger');
    // Bernd's interview from the demo town is already running.
    await expect.poll(() => page.locator('.risk-person', { hasText: 'Bernd Brandt' }).locator('.risk-interview').textContent()).toBe('Gespräch läuft');
    await page.getByRole('button', { name: 'Austrittsgespräch planen: Karl Krüger' }).click();
    const link = people.first().getByRole('link', { name: 'Gespräch geplant' });
    await link.waitFor();
    const karl = await server.database.db.selectFrom('users').select('id').where('email', '=', emailOf('karl')).executeTakeFirstOrThrow();
    const interviews = await server.database.db.selectFrom('interviews').select(['id', 'interviewer_id', 'status', 'departure_date']).where('subject_user_id', '=', karl.id).execute();
    expect(interviews).toHaveLength(1);
    expect(interviews[0]).toMatchObject({ status: 'planned' });
    expect(await link.getAttribute('href')).toBe(`/interviews/${interviews[0]!.id}`);

    // Filters: only the Bauamt, where Hans left; the CSV link carries the same filter.
    await page.getByRole('combobox', { name: 'Bereich', exact: true }).selectOption({ label: 'Bauamt' });
    await expect.poll(() => rows.first().locator('.risk-step-name').textContent()).toBe('Vollständigkeit prüfen');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('.risk-person strong').allTextContents()).toEqual(['Hans Hoffmann']);
    const csvHref = await page.getByRole('link', { name: 'Als CSV herunterladen' }).getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/v1\/knowledge-risk\/export\.csv\?spaceId=[0-9a-f-]{36}&horizonDays=180$/);
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv).toContain('"Vollständigkeit prüfen"');
    expect(csv).not.toContain('"Identität prüfen"');
    await screenshot(page, 'knowledge-dashboard-bauamt');

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows an overdue review on the start page and as a banner until the responsible person confirms', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, emailOf('sabine'), DEMO_PASSWORD);
    const due = page.getByRole('region', { name: 'Fällige Überprüfungen' });
    await due.getByRole('link', { name: 'Meldeschein: Felder und typische Fehler' }).click();
    await waitForLive(page);
    const banner = page.getByTestId('review-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Bitte prüfen Sie, ob diese Seite noch stimmt');
    await screenshot(page, 'knowledge-review-banner');

    await banner.getByRole('button', { name: 'Ist noch aktuell' }).click();
    await page.getByRole('status').filter({ hasText: 'Danke! Nächste Überprüfung am' }).waitFor();
    expect(await banner.count()).toBe(0);

    // Gone after a reload and from the start page too.
    await page.reload();
    await waitForLive(page);
    await page.locator('.review-meta').waitFor();
    expect(await page.getByTestId('review-banner').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Startseite' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('region', { name: 'Fällige Überprüfungen' }).count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('lets a member confirm having read a changed page', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, emailOf('nina'), DEMO_PASSWORD);
    const pageRow = await server.database.db.selectFrom('pages').select('id').where('title', '=', 'Sondernutzung: neue Gebührenordnung').executeTakeFirstOrThrow();
    await page.goto(`/pages/${pageRow.id}`);
    await waitForLive(page);
    const panel = page.getByRole('region', { name: 'Lesebestätigungen' });
    await panel.getByText('Olaf Ott bittet um Lesebestätigung').waitFor();
    expect(await page.getByTestId('read-pending').textContent()).toContain('Nina Neumann');
    await panel.getByRole('button', { name: 'Gelesen' }).click();
    await expect.poll(() => page.getByTestId('read-confirmed').textContent()).toContain('Nina Neumann');
    expect(await page.getByTestId('read-pending').textContent()).not.toContain('Nina Neumann');
    await screenshot(page, 'knowledge-read-confirmations');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('colours the steps of the process view by knowledge risk on request', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, emailOf('wissen'), DEMO_PASSWORD);
    const process = await server.database.db.selectFrom('processes').select('id').where('name', '=', 'Wohnsitz anmelden').executeTakeFirstOrThrow();
    await page.goto(`/processes/${process.id}`);
    const shape = (id: string) => page.locator(`.djs-element.djs-shape[data-element-id="${id}"]`);
    await shape('Task_Identitaet').waitFor();
    expect(await shape('Task_Identitaet').getAttribute('class')).not.toContain('risk-high');
    await page.getByLabel('Nach Wissensrisiko einfärben').check();
    await expect.poll(() => shape('Task_Identitaet').getAttribute('class')).toContain('risk-high');
    expect(await shape('Task_Bescheinigung').getAttribute('class')).toContain('risk-medium');
    expect(await shape('Task_Wohnungsgeber').getAttribute('class')).toContain('risk-low');
    await screenshot(page, 'knowledge-process-risk');
    await page.getByLabel('Nach Wissensrisiko einfärben').uncheck();
    await expect.poll(() => shape('Task_Identitaet').getAttribute('class')).not.toContain('risk-high');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
