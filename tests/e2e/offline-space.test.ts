/**
 * A space kept offline on a phone (Chromium, 390×844 touch): "Offline verfügbar machen" stores
 * its pages; without any network a reload still opens the space, a page never opened before is
 * read and edited from the device, the waiting edit is counted, the app started on its start
 * URL reopens the last screen, and back online the edit reaches the server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSpace, importMarkdown } from '../support/seed.ts';
import { upload } from '../files/samples.ts';
import { openPage, PHONE, screenshot, type LaunchedBrowser } from './support/browser.ts';
import { networkSwitch, textOnDevice } from './support/offline.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signInToStart, textsWithoutCursors } from './support/ui.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs" targetNamespace="urn:e2e">
  <bpmn:process id="Process_1" name="Rohbauabnahme">
    <bpmn:task id="Begehen" name="Baustelle begehen"/>
    <bpmn:task id="Maengel" name="Mängel festhalten"/>
    <bpmn:sequenceFlow id="F1" sourceRef="Begehen" targetRef="Maengel"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Process_1">
    <bpmndi:BPMNShape id="Begehen_di" bpmnElement="Begehen"><dc:Bounds x="100" y="100" width="120" height="90"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Maengel_di" bpmnElement="Maengel"><dc:Bounds x="300" y="100" width="120" height="90"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="220" y="145"/><di:waypoint x="300" y="145"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;


describe('a space kept offline on a phone (pglite)', () => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let inspector: Awaited<ReturnType<E2EServer['user']>>;
  let space: { id: string; name: string };
  let secondPage: string;
  let processId: string;
  let secret: string;

  browserSuite('pglite', (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    inspector = await server.user({ displayName: 'Ines Prüfer' });
    space = await createSpace(inspector.api, 'Bauaufsicht Außendienst');
    await importMarkdown(inspector.api, space.id, 'Ortstermin vorbereiten', '# Ortstermin vorbereiten\n\nBauakte mitnehmen.');
    secondPage = await importMarkdown(inspector.api, space.id, 'Mängelliste Rohbau', '# Mängelliste Rohbau\n\nFeuchte im Keller prüfen.');
    expect((await upload(inspector.api, secondPage, 'Prüfprotokoll.txt', 'Sockel, Keller, Dach geprüft.')).statusCode).toBe(201);
    // Strictly confidential: stays off the device.
    secret = await importMarkdown(inspector.api, space.id, 'Anzeige Nachbar', '# Anzeige Nachbar\n\nName des Anzeigenden.');
    expect((await inspector.api.patch(`/api/v1/pages/${secret}`, { classification: 'streng-vertraulich' })).statusCode).toBe(200);
    const imported = await inspector.api.post(`/api/v1/processes/import?spaceId=${space.id}`, MODEL, { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode, imported.body).toBe(201);
    processId = imported.json().id;
    expect((await inspector.api.put(`/api/v1/processes/${processId}/steps/Maengel/pages/${secondPage}`)).statusCode).toBe(204);
  });

  it('reads and edits a page of the kept space after an offline reload, and sends the edit when back online', async () => {
    const { page, context, problems } = await openPage(chromium.browser, server.baseUrl, 'de-DE', PHONE);
    const net = await networkSwitch(context);
    await signInToStart(page, inspector.email);
    await page.goto(`/spaces/${space.id}`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

    await page.getByRole('button', { name: 'Offline verfügbar machen' }).tap();
    const stored = page.getByRole('status').filter({ hasText: 'Offline gespeichert: 2 Seiten' });
    await stored.waitFor({ timeout: 30_000 });
    await page.getByText('1 streng vertrauliche Seite bleibt online.').waitFor();
    const onDevice = await page.evaluate(async (id) => {
      const cached = await (await caches.open('stafette-api')).match(`/api/v1/pages/${id}`);
      const docs = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.endsWith(`:${id}`));
      return { cached: Boolean(cached), docs };
    }, secret);
    expect(onDevice).toEqual({ cached: false, docs: [] });
    // Not even its title: the kept answers (tree, start page lists) leave it out.
    const keptAnswers = await page.evaluate(async () => {
      const cache = await caches.open('stafette-api');
      const texts: Record<string, string> = {};
      for (const request of await cache.keys()) texts[new URL(request.url).pathname] = await (await cache.match(request))!.text();
      return texts;
    });
    expect(keptAnswers[`/api/v1/spaces/${space.id}/tree`]).toContain('Mängelliste Rohbau');
    expect(Object.keys(keptAnswers).filter((path) => keptAnswers[path]!.includes('Anzeige Nachbar'))).toEqual([]);
    await screenshot(page, 'mobile-390-space-kept-offline');

    // No network at all: the space opens from the device and so does a page never opened here.
    await net.goOffline();
    await page.reload();
    await page.getByRole('heading', { name: space.name, level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByRole('main').getByRole('link', { name: 'Mängelliste Rohbau' }).tap();
    await expect.poll(async () => (await textsWithoutCursors(editorOf(page)))[0] ?? '', { timeout: 20_000 }).toContain('Feuchte im Keller prüfen.');
    // Which files the page has is known offline too (the files themselves need the network).
    await page.getByText('Datei dieser Seite (1)').waitFor({ timeout: 15_000 });
    const offlineNotice = page.locator('.connection[data-status="disconnected"]');
    await offlineNotice.waitFor({ timeout: 15_000 });
    // The notice wraps on a phone instead of running past the screen's edge.
    const box = (await offlineNotice.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);

    await editorOf(page).tap();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Riss im Sockel fotografiert.');
    const waiting = page.getByRole('status').filter({ hasText: '1 Änderung wartet auf Verbindung' });
    await waiting.waitFor({ timeout: 10_000 });
    // On the device before the app is left; the browser drops writes still queued when a page unloads.
    await expect.poll(() => textOnDevice(page, inspector.id, secondPage), { timeout: 15_000 }).toContain('Feuchte im Keller prüfen. Riss im Sockel fotografiert.');

    // The space's process came along: its steps and the pages attached to them.
    await page.goto(`/processes/${processId}`);
    await page.getByRole('button', { name: /Mängel festhalten/ }).first().tap();
    await page.getByRole('link', { name: 'Mängelliste Rohbau' }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'mobile-390-offline-process');
    await page.getByText('Noch niemand benannt.').waitFor();
    await page.goto(`/pages/${secondPage}`);
    await editorOf(page).waitFor({ timeout: 20_000 });

    // The installed app started again without network opens where the inspector left off.
    await page.goto('/');
    await page.waitForURL(`**/pages/${secondPage}`, { timeout: 20_000 });
    await expect.poll(async () => (await textsWithoutCursors(editorOf(page)))[0] ?? '', { timeout: 20_000 }).toContain('Riss im Sockel fotografiert.');
    await waiting.waitFor({ timeout: 10_000 });
    await screenshot(page, 'mobile-390-offline-edit-waiting');

    await net.goOnline();
    await expect
      .poll(async () => (await inspector.api.get(`/api/v1/pages/${secondPage}/export?format=markdown`)).body, { timeout: 30_000 })
      .toContain('Feuchte im Keller prüfen. Riss im Sockel fotografiert.');
    await expect.poll(() => page.locator('.pending-edits').innerText(), { timeout: 30_000 }).toBe('');

    // The profile lists what the device holds and removes it.
    await page.goto('/profile');
    const section = page.getByRole('region', { name: 'Offline gespeichert' });
    await section.getByText('Bauaufsicht Außendienst').waitFor();
    await section.getByRole('button', { name: 'Vom Gerät entfernen: Bauaufsicht Außendienst' }).tap();
    await section.getByText('Noch keine Bereiche auf diesem Gerät.', { exact: false }).waitFor();
    // Failed requests while offline are expected; errors of the app are not.
    expect(problems.filter((problem) => problem.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });
});
