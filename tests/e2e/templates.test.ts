/**
 * Templates and the wiki import in real Chromium: "Neue Seite" offers a template and asks its
 * fields; a process step's new page starts from the step template with the step's name; the
 * import screen uploads a Markdown export and shows what was imported and skipped.
 */
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttachedPage, Page as PageJson, Space, TreeNode } from '@stafette/api';
import { docToText } from '@stafette/schema';
import { browserBackends } from '../support/databases.ts';
import { linearModel } from '../support/processes.ts';
import type { Client } from '../support/test-app.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

describe.each(browserBackends('pglite'))('templates and wiki import in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: WatchedPage;
  let api: Client;
  let space: Space;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const user = await server.user({ displayName: 'Petra Bauer' });
    api = user.api;
    space = (await api.post('/api/v1/spaces', { name: 'Ordnungsamt' })).json() as Space;
    owner = await openPage(chromium.browser, server.baseUrl);
    await signIn(owner.page, user.email);
  });

  const pageDoc = async (id: string) => docToText(((await api.get(`/api/v1/pages/${id}`)).json() as PageJson).doc);

  it('creates a page from a template, asking its fields', async () => {
    const { page } = owner;
    await page.goto(`/spaces/${space.id}`);
    await page.getByRole('main').getByRole('button', { name: 'Neue Seite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neue Seite anlegen' });
    await dialog.getByRole('radio', { name: /Besprechungsprotokoll/ }).check();
    await expect.poll(() => dialog.getByLabel('Titel der Seite').inputValue()).toBe('Besprechungsprotokoll');
    await dialog.getByLabel('Titel der Seite').fill('Dienstbesprechung März');
    await dialog.getByRole('textbox', { name: 'Anlass', exact: true }).fill('Dienstbesprechung');
    await dialog.getByRole('textbox', { name: 'Ort', exact: true }).fill('Raum 2.14');
    await screenshot(page, 'new-page-from-template');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: 'Protokoll: Dienstbesprechung' }).waitFor();
    const id = page.url().split('/pages/')[1]!;
    const text = await pageDoc(id);
    expect(text).toContain('Raum 2.14');
    expect(text).toContain('Petra Bauer');
    // Left empty: still visible to fill in.
    expect(text).toContain('{{Teilnehmende}}');
  });

  it('lets the owner add a space template in the gallery, written in the page editor with a task list and a table, and use it for a new page', async () => {
    const { page } = owner;
    await page.goto(`/spaces/${space.id}`);
    await page.getByRole('link', { name: 'Vorlagen' }).click();
    await page.getByRole('heading', { name: 'Vorlagen für „Ordnungsamt“' }).waitFor();
    // The global gallery is for knowledge managers and administrators.
    expect(await page.getByRole('button', { name: 'Neue Vorlage für alle Bereiche' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Vorlage „FAQ“ bearbeiten' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Neue Vorlage für diesen Bereich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neue Vorlage' });
    await dialog.getByLabel('Name', { exact: true }).fill('Gewerbeanmeldung');
    await dialog.getByLabel('Abgefragte Angaben').fill('Betrieb: Name des Betriebs');
    // The body is written in the page editor, as on a page: headings, task lists, tables.
    const body = dialog.getByRole('textbox', { name: 'Seiteninhalt von „Gewerbeanmeldung“' });
    await body.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('# Anmeldung {{Betrieb}}');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Aufgenommen von {{autor}}.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('[ ] Gewerbeschein prüfen');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await dialog.getByRole('toolbar').getByRole('button', { name: 'Tabelle einfügen' }).click();
    await page.keyboard.type('Unterlage');
    await expect.poll(() => body.locator('table').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('button', { name: 'Vorlage „Gewerbeanmeldung“ bearbeiten' }).waitFor();
    const templates = (await api.get(`/api/v1/templates?spaceId=${space.id}`)).json() as { items: { id: string; name: string }[] };
    const saved = (await api.get(`/api/v1/templates/${templates.items.find((i) => i.name === 'Gewerbeanmeldung')!.id}`)).json() as { body: string };
    expect(saved.body).toContain('# Anmeldung {{Betrieb}}');
    expect(saved.body).toContain('- [ ] Gewerbeschein prüfen');
    expect(saved.body).toMatch(/\| Unterlage/);
    await screenshot(page, 'template-gallery');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Zurück zum Bereich' }).click();
    await page.getByRole('main').getByRole('button', { name: 'Neue Seite' }).click();
    const create = page.getByRole('dialog', { name: 'Neue Seite anlegen' });
    await create.getByRole('radio', { name: /Gewerbeanmeldung/ }).check();
    await create.getByRole('textbox', { name: 'Betrieb', exact: true }).fill('Bäckerei Krume');
    await create.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: 'Anmeldung Bäckerei Krume' }).waitFor();
  });

  it('starts a step’s new page from the step template with the step’s name', async () => {
    const { page } = owner;
    const imported = await api.post(`/api/v1/processes/import?spaceId=${space.id}&fileName=antrag.bpmn`, linearModel({ taskIds: ['Task_1'] }), { headers: { 'content-type': 'application/xml' } });
    expect(imported.statusCode, imported.body).toBe(201);
    const processId = imported.json().id as string;
    await page.goto(`/processes/${processId}/steps/Task_1`);
    const panel = page.locator('[data-step-panel="Task_1"]');
    const useTemplate = panel.getByRole('checkbox', { name: /Prozessschritt-Handbuch/ });
    await useTemplate.waitFor();
    expect(await useTemplate.isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Seite anlegen und anhängen' }).click();
    await panel.getByText('„Schritt Task_1“ wurde angelegt und an den Schritt gehängt.').waitFor();
    await expect.poll(async () => ((await api.get(`/api/v1/processes/${processId}/steps/Task_1/pages`)).json() as AttachedPage[]).length).toBe(1);
    const [attached] = (await api.get(`/api/v1/processes/${processId}/steps/Task_1/pages`)).json() as AttachedPage[];
    const text = await pageDoc(attached!.id);
    expect(text).toContain('Schritt Task_1');
    expect(text).toContain('Arbeitsschritte');
    expect(text).toContain('{{Rechtsgrundlage}}');
  });

  it('imports a Markdown export on the import screen, showing pages done of the total while it runs, then the summary', async () => {
    const { page } = owner;
    const target = (await api.post('/api/v1/spaces', { name: 'Archiv alt' })).json() as Space;
    // Enough pages that the import is still running when the screen first asks for its progress.
    const notes = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`export/Notizen/Notiz ${i + 1}.md`, new TextEncoder().encode(`# Notiz ${i + 1}\n\n- [ ] prüfen`)]));
    const archive = zipSync({
      'export/Handbuch.md': new TextEncoder().encode('# Handbuch\n\nSiehe [Fristen](Fristen.md).'),
      'export/Fristen.md': new TextEncoder().encode('# Fristen\n\nZwei Wochen.'),
      'export/Notizen.md': new TextEncoder().encode('# Notizen'),
      ...notes,
      'export/alt.exe': new Uint8Array([77, 90, 0, 0]),
    });
    await page.goto(`/spaces/${target.id}`);
    await page.getByRole('link', { name: 'Wiki importieren' }).click();
    await page.getByRole('heading', { name: 'Wiki in „Archiv alt“ importieren' }).waitFor();
    await page.getByLabel('Markdown-Ordner (Obsidian, Wiki.js, Outline, Docmost)').check();
    await page.getByLabel('ZIP-Archiv').setInputFiles({ name: 'export.zip', mimeType: 'application/zip', buffer: Buffer.from(archive) });
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.getByRole('progressbar', { name: /^(Seiten anlegen|Inhalte und Dateien übernehmen): \d+ von 153$/ }).waitFor();
    await page.getByRole('heading', { name: 'Import abgeschlossen' }).waitFor({ timeout: 120_000 });
    const summary = page.locator('.import-summary');
    await expect.poll(() => summary.innerText()).toMatch(/153\s*Neu angelegt/);
    await page.getByRole('cell', { name: 'alt.exe' }).waitFor();
    await screenshot(page, 'wiki-import-summary');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const tree = (await api.get(`/api/v1/spaces/${target.id}/tree`)).json() as TreeNode[];
    expect(tree.map((n) => n.title).sort()).toEqual(['Fristen', 'Handbuch', 'Notizen']);
  }, 180_000);
});
