/**
 * Processes in real Chromium against the real server: a process owner imports a BPMN file
 * through the space screen, opens the diagram, clicks a task, creates a page from the side
 * panel and watches the step's badge count change; walks the steps by keyboard; follows the
 * page's "used in" chip back to the step; renames the task in the modeler and saves a new
 * version that keeps the attachment. A model without diagram interchange shows as a list.
 */
import type { ImportResult, Process, ProcessVersion } from '@stafette/api';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createSpace } from '../support/seed.ts';
import { repoRoot } from './support/client-build.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn, waitForLive } from './support/ui.ts';

const MODEL = path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn');
const TASK_1 = '_5a972b87-735d-454a-b31c-f52fb3afc5c7';

/** Two lanes, three steps, no BPMNDiagram: bpmn-js cannot draw it. */
const NO_DI = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:test">
  <process id="Antrag" name="Wohngeldantrag ohne Diagramm">
    <laneSet id="ls">
      <lane id="Lane_Buerger" name="Bürgerin"><flowNodeRef>Start</flowNodeRef></lane>
      <lane id="Lane_Amt" name="Wohngeldstelle"><flowNodeRef>Pruefen</flowNodeRef><flowNodeRef>Ende</flowNodeRef></lane>
    </laneSet>
    <startEvent id="Start" name="Antrag eingegangen"/>
    <userTask id="Pruefen" name="Antrag prüfen"/>
    <endEvent id="Ende" name="Bescheid versandt"/>
    <sequenceFlow id="f1" sourceRef="Start" targetRef="Pruefen"/>
    <sequenceFlow id="f2" sourceRef="Pruefen" targetRef="Ende"/>
  </process>
</definitions>`;

const badge = (page: Page, elementId: string) => page.locator(`[data-step-badge="${elementId}"]`);
const shape = (page: Page, elementId: string) => page.locator(`.djs-element.djs-shape[data-element-id="${elementId}"]`);

describe.each(browserBackends('pglite'))('processes in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let anna: WatchedPage;
  let space: { id: string; name: string };
  let processId: string;
  let ownerApi: Awaited<ReturnType<E2EServer['user']>>['api'];

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const owner = await server.user({ displayName: 'Anna Prozess' });
    ownerApi = owner.api;
    space = await createSpace(owner.api, `Wohngeld ${backend}`);
    anna = await openPage(chromium.browser, server.baseUrl);
    await signIn(anna.page, owner.email);
  });

  it('imports a BPMN file from the space screen and draws it with a badge on every step', async () => {
    const { page } = anna;
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: space.name }).click();
    await page.getByRole('heading', { name: 'Prozesse in diesem Bereich' }).waitFor();
    await expect.poll(() => page.getByText('Dieser Bereich hat noch keine Prozesse.').isVisible()).toBe(true);

    await page.getByTestId('bpmn-file-input').setInputFiles(MODEL);
    await page.waitForURL(/\/processes\/[0-9a-f-]{36}$/);
    processId = page.url().split('/').pop()!;
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor();

    const process = (await ownerApi.get(`/api/v1/processes/${processId}`)).json() as Process;
    expect(process.version).toBe(1);
    await expect.poll(() => page.locator('[data-step-badge]').count()).toBe(process.steps.length);
    expect(await page.locator('[data-process-version]').innerText()).toBe('Version 1');
    expect(await badge(page, TASK_1).innerText()).toBe('0');
    expect(await badge(page, TASK_1).getAttribute('data-coverage')).toBe('none');
    await expect.poll(() => page.locator('.process-meta').innerText()).toContain(`0 von ${process.steps.length} Schritten mit Wissen hinterlegt`);
    // The legend explains all three levels in words.
    const legend = page.getByRole('region', { name: 'Legende: Wissen an den Schritten' });
    expect(await legend.innerText()).toMatch(/Keine Seite hinterlegt[\s\S]*Seiten hinterlegt[\s\S]*seit über 12 Monaten/);
    await screenshot(page, 'process-view');
  });

  it('opens a clicked task in the side panel and counts a page created there on its badge', async () => {
    const { page } = anna;
    await shape(page, TASK_1).click();
    const panel = page.locator(`[data-step-panel="${TASK_1}"]`);
    await panel.getByRole('heading', { name: 'Task 1', level: 2 }).waitFor();
    expect(page.url()).toContain(`/processes/${processId}/steps/${TASK_1}`);
    await panel.getByText('Noch keine Seite an diesem Schritt.').waitFor();
    // The selected shape is marked on the canvas.
    await expect.poll(() => shape(page, TASK_1).getAttribute('class')).toContain('step-selected');

    await panel.getByLabel('Titel der neuen Seite').fill('Task 1 – Arbeitshilfe');
    await panel.getByRole('button', { name: 'Seite anlegen und anhängen' }).click();
    await panel.getByRole('link', { name: 'Task 1 – Arbeitshilfe' }).waitFor();
    expect(await panel.getByRole('status').innerText()).toContain('wurde angelegt und an den Schritt gehängt');
    await expect.poll(() => badge(page, TASK_1).innerText()).toBe('1');
    expect(await badge(page, TASK_1).getAttribute('data-coverage')).toBe('some');
    await expect.poll(() => page.locator('.process-meta').innerText()).toContain('1 von');
    // The new page is in the space's tree too.
    await page.getByRole('navigation', { name: `Seitenbaum von ${space.name}` }).getByRole('link', { name: 'Task 1 – Arbeitshilfe' }).waitFor();
    await screenshot(page, 'process-side-panel');
  });

  it('walks the steps with the arrow keys and announces each one', async () => {
    const { page } = anna;
    await page.locator('.diagram-canvas .djs-container > svg').focus();
    const announcement = page.getByTestId('step-announcement');
    const title = page.locator('#step-panel-title');
    await page.keyboard.press('Home');
    await expect.poll(() => announcement.innerText()).toMatch(/^Schritt 1 von \d+: /);
    const first = /: (.+?), /.exec(await announcement.innerText())![1]!;
    await expect.poll(() => title.innerText()).toBe(first);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => announcement.innerText()).toMatch(/^Schritt 2 von \d+: .+, .+, \d+ Seiten?$/);
    const second = /: (.+?), /.exec(await announcement.innerText())![1]!;
    await expect.poll(() => title.innerText()).toBe(second);
    expect(second).not.toBe(first);
    await page.keyboard.press('Escape');
    await page.locator('.step-panel').waitFor({ state: 'detached' });
    // Enter on a step moves focus into its panel.
    await page.keyboard.press('End');
    // Enter acts on the selected step: wait until End has selected the last one and opened its panel.
    await expect.poll(() => announcement.innerText()).toMatch(/^Schritt (\d+) von \1: /);
    await page.locator('.step-panel').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-panel-title');
  });

  it('shows the page’s "used in" chip, which leads back to the step', async () => {
    const { page } = anna;
    await shape(page, TASK_1).click();
    await page.locator(`[data-step-panel="${TASK_1}"]`).getByRole('link', { name: 'Task 1 – Arbeitshilfe' }).click();
    await page.waitForURL(/\/pages\//);
    await waitForLive(page);
    const chips = page.getByRole('navigation', { name: 'Verwendet in Prozessschritten' });
    const chip = chips.getByRole('link', { name: /Task 1/ });
    await chip.waitFor();
    await chip.click();
    await page.waitForURL(new RegExp(`/processes/${processId}/steps/${TASK_1}$`));
    await page.locator(`[data-step-panel="${TASK_1}"]`).getByRole('heading', { name: 'Task 1' }).waitFor();
    await expect.poll(() => shape(page, TASK_1).getAttribute('class')).toContain('step-selected');
  });

  it('renames the task in the modeler, saves version 2 and keeps the attached page', async () => {
    const { page } = anna;
    await page.getByRole('button', { name: 'Modell bearbeiten' }).click();
    await page.locator('.modeler-canvas .djs-palette').waitFor();
    await shape(page, TASK_1).dblclick();
    const editing = page.locator('.djs-direct-editing-parent');
    await editing.waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Antrag vorprüfen');
    await page.keyboard.press('Enter');
    await expect.poll(() => shape(page, TASK_1).textContent()).toContain('Antrag vorprüfen');
    await page.getByRole('button', { name: 'Als neue Version speichern' }).click();

    await page.getByText('Version 2 wurde gespeichert.').waitFor();
    await expect.poll(() => page.locator('[data-process-version]').innerText()).toBe('Version 2');
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor();
    await expect.poll(() => badge(page, TASK_1).innerText()).toBe('1');
    await shape(page, TASK_1).click();
    const panel = page.locator(`[data-step-panel="${TASK_1}"]`);
    await panel.getByRole('heading', { name: 'Antrag vorprüfen' }).waitFor();
    await panel.getByRole('link', { name: 'Task 1 – Arbeitshilfe' }).waitFor();

    const versions = (await ownerApi.get(`/api/v1/processes/${processId}/versions`)).json() as ProcessVersion[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('lists the steps of a model without diagram by lane', async () => {
    const { page } = anna;
    const res = await ownerApi.post(`/api/v1/processes/import?spaceId=${space.id}`, NO_DI, { headers: { 'content-type': 'application/xml' } });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as ImportResult).id;
    await page.goto(`/processes/${id}`);
    await page.getByText('Dieses Modell enthält kein Diagramm').waitFor();
    const lane = page.getByRole('region', { name: 'Wohngeldstelle' });
    expect(await lane.getByRole('button').allInnerTexts()).toEqual([expect.stringContaining('Antrag prüfen'), expect.stringContaining('Bescheid versandt')]);
    await lane.getByRole('button', { name: /Antrag prüfen/ }).click();
    await page.locator('[data-step-panel="Pruefen"]').getByText('Benutzeraufgabe').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-panel-title');
  });

  it('ran without console errors or failed requests', () => {
    expect(anna.problems).toEqual([]);
  });
});
