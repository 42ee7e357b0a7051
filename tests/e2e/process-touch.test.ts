/**
 * The process view on a phone (issue 26), Chromium with mobile emulation at 390 × 844 with touch:
 * the list of steps comes first and the diagram is one tap away; a tap on a step in the diagram
 * opens its panel as a bottom sheet (a dialog with the step's pages, focus moved in, Escape and
 * the close button return it); one finger pans and two fingers pinch-zoom the diagram (real
 * touch events through the DevTools protocol); the page never scrolls sideways and axe finds
 * nothing serious. Screenshot: .artifacts/screenshots/mobile-390-process-sheet.png.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { createPage, createSpace } from '../support/seed.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, PHONE, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';


/** Three tasks in a row, wider than a phone, so the diagram is drawn small until zoomed. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="urn:e2e">
  <bpmn:process id="Process_1" name="Ortstermin Gerüst">
    <bpmn:task id="Anmelden" name="Termin vereinbaren"/>
    <bpmn:task id="Pruefen" name="Gerüst prüfen"/>
    <bpmn:task id="Bescheid" name="Bescheid schreiben"/>
    <bpmn:sequenceFlow id="F1" sourceRef="Anmelden" targetRef="Pruefen"/>
    <bpmn:sequenceFlow id="F2" sourceRef="Pruefen" targetRef="Bescheid"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Process_1">
    <bpmndi:BPMNShape id="Anmelden_di" bpmnElement="Anmelden"><dc:Bounds x="100" y="100" width="120" height="90"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Pruefen_di" bpmnElement="Pruefen"><dc:Bounds x="300" y="100" width="120" height="90"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Bescheid_di" bpmnElement="Bescheid"><dc:Bounds x="500" y="100" width="120" height="90"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="220" y="145"/><di:waypoint x="300" y="145"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="420" y="145"/><di:waypoint x="500" y="145"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
const PAGE_TITLE = 'Checkliste Gerüstabnahme';

/** The canvas's pan and zoom: bpmn-js writes them as the viewport group's matrix. */
async function viewbox(page: Page): Promise<{ scale: number; x: number; y: number }> {
  return page.evaluate(() => {
    const matrix = (document.querySelector('.djs-container > svg .viewport') as SVGGElement).transform.baseVal.consolidate()!.matrix;
    return { scale: matrix.a, x: matrix.e, y: matrix.f };
  });
}

/** A finger gesture: each finger moves from its start to its end point in `steps` touchMoves. */
async function touchGesture(cdp: CDPSession, fingers: Array<{ from: [number, number]; to: [number, number] }>, steps = 8): Promise<void> {
  const at = (t: number) => fingers.map((finger, id) => ({ id, x: finger.from[0] + (finger.to[0] - finger.from[0]) * t, y: finger.from[1] + (finger.to[1] - finger.from[1]) * t }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let step = 1; step <= steps; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(step / steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function pageScrollsSideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the process view on a phone (pglite)', () => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let watched: WatchedPage;
  let processId: string;

  browserSuite('pglite', (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const inspector = await server.user({ displayName: 'Ines Inspektorin' });
    const space = await createSpace(inspector.api, 'Bauaufsicht');
    const imported = await inspector.api.post(`/api/v1/processes/import?spaceId=${space.id}`, MODEL, { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode, imported.body).toBe(201);
    processId = imported.json().id;
    const pageId = await createPage(inspector.api, space.id, PAGE_TITLE);
    expect((await inspector.api.put(`/api/v1/processes/${processId}/steps/Pruefen/pages/${pageId}`)).statusCode).toBe(204);

    watched = await openPage(chromium.browser, server.baseUrl, 'de-DE', PHONE);
    const { page } = watched;
    await page.goto('/');
    await page.getByLabel('E-Mail-Adresse').fill(inspector.email);
    await page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Guten (Tag|Morgen|Abend)/ }).waitFor();
  });
  afterAll(async () => {
    await watched?.context.close();
  });

  it('offers the list of steps first; a tapped step opens as a bottom sheet and Escape gives focus back', async () => {
    const { page } = watched;
    await page.goto(`/processes/${processId}`);
    const views = page.getByRole('group', { name: 'Darstellung' });
    await page.getByRole('heading', { level: 1, name: 'Ortstermin Gerüst' }).waitFor();
    const choices = views.getByRole('button');
    expect(await choices.allTextContents()).toEqual(['Liste', 'Diagramm']);
    expect(await views.getByRole('button', { name: 'Liste' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.djs-container').count()).toBe(0);

    const row = page.getByRole('button', { name: /^Gerüst prüfen/ });
    await row.tap();
    const sheet = page.getByRole('dialog', { name: 'Gerüst prüfen' });
    await sheet.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-panel-title');
    await sheet.getByRole('link', { name: PAGE_TITLE }).waitFor();
    const box = (await sheet.boundingBox())!;
    expect([Math.round(box.x), Math.round(box.width), Math.round(box.y + box.height)]).toEqual([0, 390, 844]);
    expect(await pageScrollsSideways(page)).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(await row.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('a tap on a step in the diagram opens its sheet with the step pages; the close button closes it', async () => {
    const { page } = watched;
    await page.goto(`/processes/${processId}`);
    await page.getByRole('button', { name: 'Diagramm' }).tap();
    await page.locator('.diagram-canvas[data-ready="true"]').waitFor({ timeout: 20_000 });
    const shape = page.locator('.djs-element[data-element-id="Pruefen"]');
    await shape.scrollIntoViewIfNeeded();
    const target = (await shape.boundingBox())!;
    await page.touchscreen.tap(target.x + target.width / 2, target.y + target.height / 2);

    const sheet = page.getByRole('dialog', { name: 'Gerüst prüfen' });
    await sheet.waitFor();
    await sheet.getByRole('link', { name: PAGE_TITLE }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('step-panel-title');
    expect(page.url()).toContain(`/processes/${processId}/steps/Pruefen`);
    expect(await pageScrollsSideways(page)).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'mobile-390-process-sheet');

    await sheet.getByRole('button', { name: 'Schritt schließen' }).tap();
    await sheet.waitFor({ state: 'detached' });
    // Focus goes back into the diagram the step was tapped in.
    expect(await page.evaluate(() => !!document.activeElement?.closest('.diagram'))).toBe(true);
  });

  it('one finger pans and two fingers pinch-zoom the diagram; the page does not scroll sideways', async () => {
    const { page } = watched;
    await page.goto(`/processes/${processId}`);
    await page.getByRole('button', { name: 'Diagramm' }).tap();
    const canvas = page.locator('.diagram-canvas[data-ready="true"]');
    await canvas.waitFor({ timeout: 20_000 });
    await canvas.scrollIntoViewIfNeeded();
    const area = (await canvas.boundingBox())!;
    const cx = area.x + area.width / 2;
    const cy = area.y + area.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const scrollBefore = await page.evaluate(() => window.scrollY);

    const start = await viewbox(page);
    await touchGesture(cdp, [{ from: [cx, cy], to: [cx + 60, cy + 40] }]);
    const panned = await viewbox(page);
    expect(panned.scale).toBeCloseTo(start.scale, 5);
    expect(panned.x - start.x).toBeCloseTo(60, 0);
    expect(panned.y - start.y).toBeCloseTo(40, 0);
    // The finger moved the diagram, not the page.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);

    await touchGesture(cdp, [
      { from: [cx - 30, cy], to: [cx - 90, cy] },
      { from: [cx + 30, cy], to: [cx + 90, cy] },
    ]);
    const zoomed = await viewbox(page);
    // Fingers spread from 60 to 180 px apart: three times the scale.
    expect(zoomed.scale / panned.scale).toBeCloseTo(3, 1);

    await touchGesture(cdp, [
      { from: [cx - 90, cy], to: [cx - 45, cy] },
      { from: [cx + 90, cy], to: [cx + 45, cy] },
    ]);
    expect((await viewbox(page)).scale / zoomed.scale).toBeCloseTo(0.5, 1);
    expect(await page.locator('[data-step-panel]').count()).toBe(0);
    expect(await pageScrollsSideways(page)).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
