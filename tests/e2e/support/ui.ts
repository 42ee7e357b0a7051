/** Steps through the real UI that many browser tests share. */
import type { Locator, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../support/test-app.ts';

/** Signs in through the login form (Enter submits) and waits for the start page. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByLabel('Passwort').press('Enter');
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
}

/**
 * Signs in through the login form and waits for the start page's greeting: at any width (on a
 * phone the navigation waits behind "Menü", so it cannot be what signals the start page).
 */
export async function signInToStart(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(TEST_PASSWORD);
  await page.getByLabel('Passwort').press('Enter');
  await page.getByRole('heading', { level: 1, name: /^Guten (Tag|Morgen|Abend)/ }).waitFor();
}

/** The page's editor (the ProseMirror content element). */
export const editorOf = (page: Page) => page.locator('#page-editor');

/** Opens a page from the sidebar tree of its space and waits until the live document synced. */
export async function openPageFromTree(page: Page, spaceName: string, pageTitle: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: spaceName }).click();
  await page.getByRole('navigation', { name: `Seitenbaum von ${spaceName}` }).getByRole('link', { name: pageTitle, exact: true }).click();
  await waitForLive(page);
}

/** Waits until the collaboration socket is connected and the first sync is done. */
export async function waitForLive(page: Page): Promise<void> {
  await page.locator('.connection[data-status="connected"][data-synced="true"]').waitFor({ timeout: 15_000 });
}

/**
 * Texts of the matched elements without the remote-cursor labels y-prosemirror draws inside
 * the document (they would otherwise read "…Anna Schmidt…").
 */
export function textsWithoutCursors(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const clone = element.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('.ProseMirror-yjs-cursor').forEach((cursor) => cursor.remove());
      return (clone.textContent ?? '').replace(/\u2060/g, '').trim();
    }),
  );
}
