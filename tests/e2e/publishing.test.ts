/**
 * Open government in real Chromium: a space owner publishes a process with the "Veröffentlichen"
 * switch and gets its public address; a citizen opens it in a fresh browser without signing in,
 * with no serious accessibility findings (axe), and everything works with JavaScript switched off.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown } from '../support/seed.ts';
import { fixture, importXml } from '../support/processes.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('postgres'))('public portal in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: Awaited<ReturnType<E2EServer['user']>>;
  let processId: string;
  let processName: string;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    owner = await server.user({ displayName: 'Paula Prozess' });
    const space = await createSpace(owner.api, 'Bürgerbüro');
    await server.database.db.updateTable('spaces').set({ classification: 'oeffentlich' }).where('id', '=', space.id).execute();
    await server.database.db.updateTable('publishing_settings').set({ municipality_name: 'Gemeinde Beispielstadt', imprint_url: 'https://beispielstadt.example/impressum' }).execute();
    const pageId = await importMarkdown(owner.api, space.id, 'Rechnung prüfen', 'Prüfen Sie Betrag, Datum und Empfänger.\n\n- Betrag\n- Datum');
    const imported = (await importXml(owner.api, space.id, fixture('miwg-reference/C.1.0.bpmn'), 'rechnung.bpmn')).json();
    processId = imported.id;
    processName = imported.name;
    await attachPage(server.database.db, processId, 'reviewInvoice', pageId, { actorId: owner.id, ip: null });
  }, 120_000);

  it('publishes a process with the switch and shows the public address to copy', async () => {
    const { page, problems, context } = await openPage(chromium.browser, server.baseUrl);
    await signIn(page, owner.email);
    await page.goto(`/processes/${processId}`);
    const group = page.getByRole('group', { name: 'Veröffentlichung im Bürgerportal' });
    await group.getByRole('switch', { name: 'Veröffentlichen' }).check();
    const link = group.getByRole('link', { name: new RegExp(`/public/ablaeufe/[a-z0-9-]+-${processId.replace(/-/g, '').slice(0, 8)}$`) });
    await link.waitFor();
    expect(await group.getByRole('button', { name: 'Adresse kopieren' }).isVisible()).toBe(true);
    // The package for another municipality is offered with the other exports.
    expect(await page.getByRole('link', { name: 'Als Paket exportieren (für eine andere Kommune)' }).getAttribute('href')).toBe(`/api/v1/processes/${processId}/package`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'publishing-switch');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows the published process to a citizen without an account: diagram, steps linking to pages, no serious axe findings', async () => {
    const { page, context } = await openPage(chromium.browser, server.baseUrl);
    await page.goto('/public');
    await page.getByRole('link', { name: processName }).click();
    await page.getByRole('heading', { level: 1, name: processName }).waitFor();
    const diagram = page.getByRole('img', { name: /Ablaufdiagramm/ });
    await diagram.waitFor();
    // The SVG loaded and has a size.
    expect(await diagram.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'publishing-portal-process');
    await page.getByRole('link', { name: 'Rechnung prüfen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rechnung prüfen' }).waitFor();
    expect(await page.getByText('Prüfen Sie Betrag, Datum und Empfänger.').isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Brotkrumennavigation' }).isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await page.content()).not.toContain('Paula Prozess');
    await context.close();
  }, 120_000);

  it('works with JavaScript switched off, on a phone: links, search and the diagram', async () => {
    const context = await chromium.browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto('/public');
    expect(await page.getByText('Gemeinde Beispielstadt').first().isVisible()).toBe(true);
    await page.getByRole('searchbox', { name: 'Veröffentlichte Inhalte durchsuchen' }).fill('Empfänger');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('heading', { level: 1, name: /Suche nach/ }).waitFor();
    await page.getByRole('link', { name: 'Rechnung prüfen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rechnung prüfen' }).waitFor();
    await page.getByRole('link', { name: new RegExp(processName.slice(0, 10)) }).first().click();
    await page.getByRole('img', { name: /Ablaufdiagramm/ }).waitFor();
    // Nothing wider than the phone but the diagram, which scrolls in its own box.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth').catch(() => 0);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'publishing-portal-phone-no-js');
    await context.close();
  }, 120_000);
});
