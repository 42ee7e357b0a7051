/**
 * Offline editing in real Chromium: the collaboration socket is cut (routeWebSocket), the user
 * keeps typing, reloads without any network (service worker + IndexedDB), reconnects, and both
 * users see everything. Edits the server refuses after a demotion are shown and kept; signing
 * out removes the local copies.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace, putMember } from '../support/seed.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import { networkSwitch, problemsBesidesRelay, type NetworkSwitch } from './support/offline.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, openPageFromTree, signIn, textsWithoutCursors, waitForLive } from './support/ui.ts';

const editorText = async (page: Page) => (await textsWithoutCursors(editorOf(page)))[0] ?? '';

/** Waits until the service worker controls the page and the page's API answer is kept. */
async function waitUntilAvailableOffline(page: Page, pageId: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.waitForFunction(
    async (id) => {
      const cache = await caches.open('stafette-api');
      return Boolean((await cache.match(`/api/v1/pages/${id}`)) && (await cache.match('/api/v1/auth/session')));
    },
    pageId,
    { timeout: 30_000 },
  );
}

async function waitForStatus(page: Page, status: 'disconnected' | 'connected'): Promise<void> {
  await page.locator(`.connection[data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

describe.each(browserBackends('pglite'))('offline editing in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let owner: Awaited<ReturnType<E2EServer['user']>>;
  let space: { id: string; name: string };

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    owner = await server.user({ displayName: 'Anna Schmidt' });
    space = await createSpace(owner.api, `Standesamt ${backend}`);
  });

  async function person(displayName: string, role: 'editor' | 'owner' | null): Promise<{ watched: WatchedPage; net: NetworkSwitch; id: string; email: string }> {
    const user = role === 'owner' ? owner : await server.user({ displayName });
    if (role === 'editor') await putMember(owner.api, space.id, user.id, 'editor');
    const watched = await openPage(chromium.browser, server.baseUrl);
    const net = await networkSwitch(watched.context);
    await signIn(watched.page, user.email);
    return { watched, net, id: user.id, email: user.email };
  }

  it('keeps typing without a connection, reopens the page after a reload with no network, and merges for both users', async () => {
    const title = 'Eheschließung anmelden';
    const pageId = await createPage(owner.api, space.id, title);
    const anna = await person('Anna Schmidt', 'owner');
    const ben = await person('Ben Keller', 'editor');
    await openPageFromTree(anna.watched.page, space.name, title);
    await openPageFromTree(ben.watched.page, space.name, title);

    await editorOf(anna.watched.page).click();
    await anna.watched.page.keyboard.type('Unterlagen prüfen.');
    await expect.poll(() => editorText(ben.watched.page), { timeout: 10_000 }).toContain('Unterlagen prüfen.');
    await waitUntilAvailableOffline(anna.watched.page, pageId);

    // The socket drops: the page stays editable and says it is offline.
    await anna.net.dropSockets();
    await waitForStatus(anna.watched.page, 'disconnected');
    await anna.watched.page.keyboard.type(' Termin ohne Netz vereinbart.');
    await ben.watched.page.keyboard.press('Control+End');
    await editorOf(ben.watched.page).press('Enter');
    await ben.watched.page.keyboard.type('Ben ergänzt online.');
    expect(await editorText(ben.watched.page)).not.toContain('ohne Netz');

    // A reload with no network at all: the service worker serves the app, the session and
    // the page; IndexedDB the local edits.
    await anna.net.goOffline();
    await anna.watched.page.reload();
    await editorOf(anna.watched.page).waitFor({ timeout: 20_000 });
    await expect.poll(() => editorText(anna.watched.page), { timeout: 10_000 }).toContain('Unterlagen prüfen. Termin ohne Netz vereinbart.');
    await waitForStatus(anna.watched.page, 'disconnected');
    expect(await anna.watched.page.getByLabel('Seitentitel').inputValue()).toBe(title);
    await screenshot(anna.watched.page, 'offline-after-reload');

    // Back online: both documents converge.
    await anna.net.goOnline();
    await waitForLive(anna.watched.page);
    await expect.poll(() => editorText(ben.watched.page), { timeout: 15_000 }).toContain('Termin ohne Netz vereinbart.');
    await expect.poll(() => editorText(anna.watched.page), { timeout: 15_000 }).toContain('Ben ergänzt online.');
    expect(await editorText(anna.watched.page)).toBe(await editorText(ben.watched.page));
    // And the server has it too (what a third reader would get).
    const stored = await owner.api.get(`/api/v1/pages/${pageId}/export?format=markdown`);
    expect(stored.body).toContain('Termin ohne Netz vereinbart.');
    await anna.watched.context.close();
    await ben.watched.context.close();
  });

  it('shows offline edits the server refused after a demotion, keeps them across reloads and lets the user save the text', async () => {
    const title = 'Namensänderung beurkunden';
    const pageId = await createPage(owner.api, space.id, title);
    await putMember(owner.api, space.id, (await server.user()).id, 'reader');
    const cara = await person('Cara Vogt', 'editor');
    await openPageFromTree(cara.watched.page, space.name, title);
    await editorOf(cara.watched.page).click();
    await cara.watched.page.keyboard.type('Gespeicherter Anfang.');
    await expect.poll(async () => (await owner.api.get(`/api/v1/pages/${pageId}/export?format=markdown`)).body, { timeout: 15_000 }).toContain('Gespeicherter Anfang.');

    await cara.net.dropSockets();
    await waitForStatus(cara.watched.page, 'disconnected');
    await cara.watched.page.keyboard.type(' Notiz aus dem Zug.');
    // Meanwhile the owner makes Cara a reader.
    await putMember(owner.api, space.id, cara.id, 'reader');
    await cara.net.goOnline();

    const banner = cara.watched.page.getByRole('alert').filter({ hasText: 'Ihre Änderungen wurden nicht gespeichert' });
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain('Notiz aus dem Zug.');
    await screenshot(cara.watched.page, 'offline-refused-edits');
    expect((await owner.api.get(`/api/v1/pages/${pageId}/export?format=markdown`)).body).not.toContain('Notiz aus dem Zug');

    const [download] = await Promise.all([cara.watched.page.waitForEvent('download'), banner.getByRole('button', { name: 'Als Markdown herunterladen' }).click()]);
    const file = await download.path();
    expect(fs.readFileSync(file!, 'utf8')).toContain('Gespeicherter Anfang. Notiz aus dem Zug.');
    expect(download.suggestedFilename()).toBe(`${title}.md`);

    // Kept on the device until the user discards it.
    await cara.watched.page.reload();
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByRole('button', { name: 'Lokale Änderungen verwerfen' }).click();
    await cara.watched.page.getByRole('alertdialog').getByRole('button', { name: 'Lokale Änderungen verwerfen' }).click();
    await cara.watched.page.waitForLoadState('load');
    await waitForLive(cara.watched.page);
    await expect.poll(() => editorText(cara.watched.page), { timeout: 10_000 }).toBe('Gespeicherter Anfang.');
    expect(await cara.watched.page.getByRole('alert').filter({ hasText: 'nicht gespeichert' }).count()).toBe(0);
    await cara.watched.context.close();
  });

  it('removes local copies and kept answers when the user signs out', async () => {
    const title = 'Geburt beurkunden';
    await createPage(owner.api, space.id, title);
    const dora = await person('Dora Lang', 'editor');
    await openPageFromTree(dora.watched.page, space.name, title);
    await editorOf(dora.watched.page).click();
    await dora.watched.page.keyboard.type('Vertraulicher Entwurf.');
    const localCopies = () =>
      dora.watched.page.evaluate(async () => {
        const names = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('stafette:'));
        return { names, apiCache: await caches.has('stafette-api') };
      });
    await expect.poll(async () => (await localCopies()).names.length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await localCopies()).apiCache, { timeout: 15_000 }).toBe(true);

    await dora.watched.page.getByRole('button', { name: 'Abmelden' }).click();
    await dora.watched.page.getByLabel('E-Mail-Adresse').waitFor();
    await expect.poll(localCopies, { timeout: 15_000 }).toEqual({ names: [], apiCache: false });
    expect(problemsBesidesRelay(dora.watched.problems)).toEqual([]);
    await dora.watched.context.close();
  });
});
