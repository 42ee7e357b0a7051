/**
 * The page tree in real Chromium: create a space and pages, rename, move by drag and drop and
 * by menu, archive — each change checked against the server's tree.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageSummary, TreeNode } from '@stafette/api';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import type { Client } from '../support/test-app.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';

const shape = (nodes: TreeNode[]): unknown => nodes.map((node) => (node.children.length ? { [node.title]: shape(node.children) } : node.title));

describe.each(browserBackends('pglite'))('page tree in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: WatchedPage;
  let api: Client;
  let spaceId: string;
  const spaceName = 'Bauamt';

  const tree = async () => {
    const res = await api.get(`/api/v1/spaces/${spaceId}/tree`);
    return shape(res.json() as TreeNode[]);
  };
  const treeNav = (page: Page) => page.getByRole('navigation', { name: `Seitenbaum von ${spaceName}` });
  /** The tree as the browser shows it, in the shape of `tree()`: collapsed branches show no children. */
  const shownTree = (page: Page) =>
    treeNav(page).evaluate((nav) => {
      const read = (list: Element | null): unknown[] =>
        [...(list?.children ?? [])].map((item) => {
          const title = item.querySelector(':scope > .tree-row .tree-link')?.textContent ?? '';
          const children = item.querySelector(':scope > ul');
          return children ? { [title]: read(children) } : title;
        });
      return read(nav.querySelector(':scope > ul'));
    });
  /** The server holds `expected` and the browser has reloaded it (its menus offer moves from there). */
  async function expectTree(page: Page, expected: unknown) {
    await expect.poll(tree).toEqual(expected);
    await expect.poll(() => shownTree(page)).toEqual(expected);
  }
  const titleInput = (page: Page) => page.getByRole('textbox', { name: 'Seitentitel' });

  /** Gives the page just opened with its selected title a new name (Enter saves). */
  async function nameNewPage(page: Page, title: string) {
    await expect.poll(() => titleInput(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(title);
    await page.keyboard.press('Enter');
    await treeNav(page).getByRole('link', { name: title, exact: true }).waitFor();
  }

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const user = await server.user({ displayName: 'Petra Bauer' });
    api = user.api;
    owner = await openPage(chromium.browser, server.baseUrl);
    await signIn(owner.page, user.email);
  });

  it('creates a space and pages, top level and nested', async () => {
    const page = owner.page;
    await page.getByRole('button', { name: 'Neuer Bereich' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neuen Bereich anlegen' });
    await dialog.getByLabel('Name des Bereichs').fill(spaceName);
    await dialog.getByLabel('Beschreibung (optional)').fill('Bauanträge, Genehmigungen und Fristen');
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: spaceName }).waitFor();
    spaceId = page.url().split('/spaces/')[1]!;

    await page.getByRole('main').getByRole('button', { name: 'Neue Seite' }).click();
    // "Neue Seite" offers blank or a template: blank is chosen.
    await page.getByRole('dialog', { name: 'Neue Seite anlegen' }).getByRole('button', { name: 'Anlegen' }).click();
    await nameNewPage(page, 'Bauanträge');
    await page.getByRole('button', { name: 'Unterseite in „Bauanträge“ anlegen' }).click();
    await nameNewPage(page, 'Formulare');
    await page.getByRole('button', { name: 'Neue Seite', exact: true }).first().click();
    await nameNewPage(page, 'Fristen');
    await page.getByRole('button', { name: 'Unterseite in „Bauanträge“ anlegen' }).click();
    await nameNewPage(page, 'Gebühren');

    await expectTree(page, [{ Bauanträge: ['Formulare', 'Gebühren'] }, 'Fristen']);
    // Breadcrumbs of a nested page lead back through its parent to the space.
    const crumbs = page.getByRole('navigation', { name: 'Pfad' });
    await expect.poll(() => crumbs.getByRole('listitem').allInnerTexts()).toEqual([spaceName, 'Bauanträge', 'Gebühren']);
    await screenshot(page, 'page-tree');
  });

  it('collapses and expands a branch', async () => {
    const page = owner.page;
    const collapse = page.getByRole('button', { name: '„Bauanträge“ zuklappen' });
    await collapse.click();
    await expect.poll(() => treeNav(page).getByRole('link', { name: 'Formulare' }).count()).toBe(0);
    await page.getByRole('button', { name: '„Bauanträge“ aufklappen' }).click();
    await treeNav(page).getByRole('link', { name: 'Formulare' }).waitFor();
  });

  it('renames a page from the tree menu', async () => {
    const page = owner.page;
    await page.getByRole('button', { name: 'Aktionen für „Fristen“' }).click();
    await page.getByRole('menuitem', { name: 'Umbenennen' }).click();
    const field = page.getByRole('textbox', { name: 'Neuer Titel für „Fristen“' });
    await field.fill('Fristen und Termine');
    await field.press('Enter');
    await treeNav(page).getByRole('link', { name: 'Fristen und Termine' }).waitFor();
    await expectTree(page, [{ Bauanträge: ['Formulare', 'Gebühren'] }, 'Fristen und Termine']);
  });

  it('moves pages by drag and drop and by the menu', async () => {
    const page = owner.page;
    // Drop "Fristen und Termine" onto the middle of "Formulare": it becomes its child.
    const source = treeNav(page).locator('.tree-row', { hasText: 'Fristen und Termine' });
    const target = treeNav(page).locator('.tree-row', { hasText: 'Formulare' });
    await source.dragTo(target);
    await expectTree(page, [{ Bauanträge: [{ Formulare: ['Fristen und Termine'] }, 'Gebühren'] }]);

    // Drop "Gebühren" on the upper edge of "Formulare": it goes before it.
    await treeNav(page).locator('.tree-row', { hasText: 'Gebühren' }).dragTo(treeNav(page).locator('.tree-row', { hasText: 'Formulare' }), { targetPosition: { x: 60, y: 2 } });
    await expectTree(page, [{ Bauanträge: ['Gebühren', { Formulare: ['Fristen und Termine'] }] }]);

    // Keyboard-reachable moves: outdent and move up.
    await page.getByRole('button', { name: 'Aktionen für „Fristen und Termine“' }).click();
    await page.getByRole('menuitem', { name: 'Ausrücken (eine Ebene höher)' }).click();
    await expectTree(page, [{ Bauanträge: ['Gebühren', 'Formulare', 'Fristen und Termine'] }]);
    await page.getByRole('button', { name: 'Aktionen für „Fristen und Termine“' }).click();
    await page.getByRole('menuitem', { name: 'Nach oben' }).click();
    await expectTree(page, [{ Bauanträge: ['Gebühren', 'Fristen und Termine', 'Formulare'] }]);
  });

  it('archives a page with its subpages after confirmation', async () => {
    const page = owner.page;
    await treeNav(page).getByRole('link', { name: 'Formulare', exact: true }).click();
    await page.getByRole('button', { name: 'Aktionen für „Bauanträge“' }).click();
    await page.getByRole('menuitem', { name: 'Archivieren' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Seite archivieren?' });
    await screenshot(page, 'page-tree-archive-confirm');
    await confirm.getByRole('button', { name: 'Archivieren' }).click();
    await expectTree(page, []);
    // The open page was inside the archived branch: the space is shown instead.
    await page.getByRole('heading', { level: 1, name: spaceName }).waitFor();
    await page.getByText('Dieser Bereich hat noch keine Seiten.').first().waitFor();
    const archived = (await api.get(`/api/v1/pages?spaceId=${spaceId}&archived=true`)).json() as PageSummary[];
    expect(archived.map((p) => p.title).sort()).toEqual(['Bauanträge', 'Formulare', 'Fristen und Termine', 'Gebühren']);
  });

  it('logged no console errors and no failed requests in these flows', () => {
    expect(owner.problems).toEqual([]);
  });
});
