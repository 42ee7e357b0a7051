/**
 * The process as the map of knowledge in real Chromium: the process landscape of a space
 * (cards by category with coverage and risk, sorting, keyboard), the comparison of two
 * versions (diagram badges with symbols, the list, flagged pages marked as reviewed), import
 * warnings with line numbers, and a step's contacts shown on its page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { repoRoot } from './support/client-build.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

/** A linear process with a diagram: one shape per step in a row. */
function drawnModel(name: string, tasks: [string, string][]): string {
  const nodes: [string, string, string][] = [['Start', 'startEvent', 'Antrag eingegangen'], ...tasks.map(([id, label]): [string, string, string] => [id, 'task', label]), ['Ende', 'endEvent', 'Erledigt']];
  const flows = nodes.slice(1).map((node, i) => [`Flow_${nodes[i][0]}_${node[0]}`, nodes[i][0], node[0]]);
  const x = (i: number) => 100 + i * 160;
  const size = (kind: string) => (kind === 'task' ? { w: 100, h: 80, dy: 0 } : { w: 36, h: 36, dy: 22 });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="urn:e2e">
  <bpmn:process id="Process_1" name="${name}">
    ${nodes.map(([id, kind, label]) => `<bpmn:${kind} id="${id}" name="${label}"/>`).join('\n    ')}
    ${flows.map(([id, s, t]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${s}" targetRef="${t}"/>`).join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Process_1">
    ${nodes.map(([id, kind], i) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x(i)}" y="${100 + size(kind).dy}" width="${size(kind).w}" height="${size(kind).h}"/></bpmndi:BPMNShape>`).join('\n    ')}
    ${flows.map(([id], i) => `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${x(i) + 100}" y="140"/><di:waypoint x="${x(i + 1)}" y="140"/></bpmndi:BPMNEdge>`).join('\n    ')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

const asXml = { headers: { 'content-type': 'application/xml' } };

describe.each(browserBackends('postgres'))('process landscape and version comparison in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let tab: WatchedPage;
  let space: { id: string; name: string };
  let api: Awaited<ReturnType<E2EServer['user']>>['api'];
  const ids: Record<string, string> = {};

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const owner = await server.user({ displayName: 'Petra Prozess' });
    api = owner.api;
    space = await createSpace(api, `Bürgeramt ${backend}`);
    const imported = async (key: string, xml: string) => {
      const res = await api.post(`/api/v1/processes/import?spaceId=${space.id}`, xml, asXml);
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    };
    await imported('melde', drawnModel('Meldebescheinigung', [['Drucken', 'Bescheinigung drucken'], ['Aushaendigen', 'Aushändigen']]));
    await imported('pass', drawnModel('Reisepass', [['Antrag', 'Antrag aufnehmen']]));
    await imported('fund', drawnModel('Fundsache', [['Erfassen', 'Fundsache erfassen']]));
    for (const [key, category] of [['melde', 'Melderecht'], ['pass', 'Ausweise']]) {
      expect((await api.patch(`/api/v1/processes/${ids[key]}`, { category })).statusCode).toBe(204);
    }
    const page = await createPage(api, space.id, 'Drucken der Meldebescheinigung');
    expect((await api.put(`/api/v1/processes/${ids.melde}/steps/Drucken/pages/${page}`)).statusCode).toBe(204);
    ids.page = page;
    tab = await openPage(chromium.browser, server.baseUrl);
    await signIn(tab.page, owner.email);
  });

  it('opens the process landscape from the space: cards by category with coverage and risk, sortable, by keyboard', async () => {
    const { page } = tab;
    await page.goto(`${server.baseUrl}/spaces/${space.id}`);
    await page.getByRole('link', { name: 'Prozesslandkarte öffnen' }).click();
    await page.getByRole('heading', { name: 'Prozesslandkarte', level: 1 }).waitFor();
    const groups = page.locator('.landscape-group h2');
    await expect.poll(() => groups.allInnerTexts()).toEqual(['Ausweise (1 Prozess)', 'Melderecht (1 Prozess)', 'Ohne Kategorie (1 Prozess)']);
    const melde = page.locator(`[data-process-card="${ids.melde}"]`);
    const text = await melde.innerText();
    expect(text).toContain('Abdeckung: 1 von 4 Schritten mit Wissen (25 %)');
    expect(text).toContain('Wissensrisiko: mittel');
    expect(text).toContain('Verantwortlich: Petra Prozess');
    expect(text).toMatch(/Zuletzt geändert .* von Petra Prozess/);
    // Sorting by coverage puts the uncovered processes first within each group; the select and the cards are reached by keyboard.
    await page.getByTestId('landscape-sort').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('landscape-sort').inputValue()).toBe('coverage');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reisepass');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'process-landscape');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/processes/${ids.pass}$`));
  });

  it('compares two versions in the diagram and as a list, and marks a flagged page as reviewed', async () => {
    const { page } = tab;
    const v2 = drawnModel('Meldebescheinigung', [['Drucken', 'Bescheinigung ausdrucken'], ['Pruefen', 'Unterschrift prüfen']]);
    const res = await api.post(`/api/v1/processes/${ids.melde}/versions`, v2, asXml);
    expect(res.statusCode, res.body).toBe(201);

    await page.goto(`${server.baseUrl}/processes/${ids.melde}`);
    await page.getByRole('link', { name: 'Versionen vergleichen' }).click();
    await page.getByRole('heading', { name: 'Versionen vergleichen: Meldebescheinigung' }).waitFor();
    await page.getByTestId('compare-summary').waitFor();
    expect(await page.getByTestId('compare-summary').innerText()).toBe('1 hinzugefügt, 1 entfernt, 1 umbenannt, 0 verschoben, 2 unverändert');
    // The new version's diagram: a symbol per change, besides the colour.
    await expect.poll(() => page.locator('[data-change-badge="Pruefen"]').innerText()).toBe('+');
    expect(await page.locator('[data-change-badge="Drucken"]').innerText()).toBe('✎');
    expect(await page.locator('[data-change-badge="Drucken"]').getAttribute('title')).toBe('Umbenannt');
    const list = await page.getByTestId('compare-list').innerText();
    expect(list).toContain('Umbenannt: Bescheinigung ausdrucken (vorher „Bescheinigung drucken“)');
    expect(list).toContain('Hinzugefügt: Unterschrift prüfen');
    expect(list).toContain('Entfernt: Aushändigen');
    await screenshot(page, 'process-compare');

    // The old version's diagram marks the removed step.
    await page.getByRole('button', { name: 'Version 1 (alt)' }).click();
    await expect.poll(() => page.locator('[data-change-badge="Aushaendigen"]').innerText()).toBe('−');

    // Drucken kept its page (renamed, same id); nothing to review. Remove it in version 3: its page is flagged.
    const v3 = drawnModel('Meldebescheinigung', [['Pruefen', 'Unterschrift prüfen']]);
    expect((await api.post(`/api/v1/processes/${ids.melde}/versions`, v3, asXml)).statusCode).toBe(201);
    // The process owner answers for the page (it has no responsible person): it is due on the start page, with why.
    await page.goto(`${server.baseUrl}/`);
    const due = page.getByRole('region', { name: 'Fällige Überprüfungen' });
    await due.waitFor();
    const reason = due.getByRole('listitem').filter({ hasText: 'Drucken der Meldebescheinigung' });
    expect(await reason.innerText()).toContain('Schritt im Prozess entfernt: „Bescheinigung ausdrucken“ in „Meldebescheinigung“ (Version 3)');
    await screenshot(page, 'reviews-due-step-removed');
    await due.getByRole('link', { name: 'Versionen vergleichen' }).click();
    await page.waitForURL(`**/processes/${ids.melde}/compare?from=2&to=3`);
    const flags = page.getByTestId('review-flags');
    await flags.waitFor();
    expect(await flags.innerText()).toContain('Drucken der Meldebescheinigung');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'process-compare-review');
    await flags.getByRole('button', { name: '„Drucken der Meldebescheinigung“ als geprüft markieren' }).click();
    await expect.poll(() => flags.innerText()).toContain('✓ geprüft');
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Schritt im Prozess entfernt').count()).toBe(0);
  });

  it('lists import warnings with line numbers, and shows a step’s contact on its page', async () => {
    const { page } = tab;
    const quirk = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/bpmn/quirks/empty-lane.bpmn'), 'utf8');
    const res = await api.post(`/api/v1/processes/import?spaceId=${space.id}`, quirk, asXml);
    expect(res.statusCode).toBe(201);
    const processId = res.json().id;
    await page.goto(`${server.baseUrl}/processes/${processId}/steps/Task_1`);
    const warnings = page.getByTestId('import-warnings');
    await warnings.locator('summary').click();
    expect(await warnings.innerText()).toContain('Zeile 7 Bahn „Bauhof“ enthält keine Schritte.');

    const panel = page.locator('[data-step-panel="Task_1"]');
    await expect.poll(() => panel.getByTestId('step-role').innerText()).toBe('Fachbereich Umwelt (aus der Bahn „Fachbereich Umwelt“)');
    await panel.getByRole('button', { name: 'Zuständigkeit bearbeiten' }).click();
    await panel.getByLabel('Verantwortliche Rolle').fill('Baumschutz');
    await panel.getByRole('checkbox', { name: 'Petra Prozess' }).check();
    await panel.getByRole('button', { name: 'Zuständigkeit speichern' }).click();
    await expect.poll(() => panel.getByTestId('step-contacts').innerText()).toBe('Petra Prozess');
    await screenshot(page, 'process-step-contacts');

    const pageId = await createPage(api, space.id, 'Baumschutzsatzung');
    expect((await api.put(`/api/v1/processes/${processId}/steps/Task_1/pages/${pageId}`)).statusCode).toBe(204);
    await page.goto(`${server.baseUrl}/pages/${pageId}`);
    const onPage = page.getByTestId('step-contacts-on-page');
    await expect.poll(() => onPage.innerText()).toBe('Rolle: Baumschutz · Ansprechpartner:in für diesen Schritt: Petra Prozess');
  });
});
