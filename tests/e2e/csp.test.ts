/**
 * The Content Security Policy holds on every main screen in real Chromium: login, start, space,
 * a page with the live editor (typed into, with a second session's cursor and selection), its history, a bpmn-js process diagram, interviews,
 * knowledge risks, administration (with its security tab), profile (with the two-factor
 * enrolment's QR code), the second sign-in step, search and the Swagger UI at /api/docs, with the
 * service worker registered and controlling the page. Every `securitypolicyviolation` event and
 * every console CSP error counts as a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { TEST_PASSWORD } from '../support/test-app.ts';
import type { BrowserContext } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown } from '../support/seed.ts';
import { importXml } from '../support/processes.ts';
import { repoRoot } from './support/client-build.ts';
import { openPage, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signIn, waitForLive } from './support/ui.ts';

const MODEL = path.join(repoRoot, 'tests/fixtures/bpmn/miwg-reference/A.2.0.bpmn');
const TASK_1 = '_5a972b87-735d-454a-b31c-f52fb3afc5c7';

/** Collects every CSP violation of every document the context loads, across navigations. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__cspViolation', (source, text: string) => violations.push(`${source.page.url()}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __cspViolation: (text: string) => void }).__cspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  return violations;
}

const cspErrors = (problems: string[]) => problems.filter((p) => /content security policy|refused to/i.test(p));

describe.each(browserBackends('pglite'))('content security policy in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let admin: WatchedPage;
  let violations: string[];
  let spaceId: string;
  let pageId: string;
  let processId: string;
  let email: string;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const user = await server.user({ role: 'admin', displayName: 'Clara Sicher' });
    email = user.email;
    const space = await createSpace(user.api, `Ordnungsamt ${backend}`);
    spaceId = space.id;
    pageId = await importMarkdown(user.api, spaceId, 'Sondernutzung', '# Sondernutzung\n\nGenehmigung beim Ordnungsamt.');
    const imported = await importXml(user.api, spaceId, fs.readFileSync(MODEL), 'A.2.0.bpmn');
    if (imported.statusCode !== 201) throw new Error(imported.body);
    processId = imported.json().id;
    admin = await openPage(chromium.browser, server.baseUrl);
    violations = await watchViolations(admin.context);
    await admin.page.goto('/');
    await admin.page.getByLabel('E-Mail-Adresse').waitFor();
    await admin.page.waitForLoadState('networkidle');
    expect(violations, 'login').toEqual([]);
    await signIn(admin.page, user.email);
  });

  it('sends the strict policy with the client and the API docs: no inline script, frame-ancestors none', async () => {
    for (const url of ['/', '/sw.js', '/api/docs/static/index.html']) {
      const res = await admin.page.request.get(url);
      const policy = res.headers()['content-security-policy'] ?? '';
      expect(policy, url).toContain("script-src 'self'");
      expect(policy, url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy, url).toContain("object-src 'none'");
      expect(policy, url).toContain("frame-ancestors 'none'");
    }
    // Style elements only from our origin in the client; only Swagger UI injects one.
    expect((await admin.page.request.get('/')).headers()['content-security-policy']).toContain("style-src-elem 'self';");
  });

  it('reports no violation on any main screen, with the editor typed into and the diagram drawn', async () => {
    const { page, problems } = admin;
    const visit = async (url: string, ready: () => Promise<unknown>) => {
      await page.goto(url);
      await ready();
      await page.waitForLoadState('networkidle');
    };
    await visit('/', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit(`/spaces/${spaceId}`, () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit(`/pages/${pageId}`, () => waitForLive(page));
    await editorOf(page).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Gebühr nach Satzung.');
    await editorOf(page).getByText('Gebühr nach Satzung.').waitFor();
    // A second session on the page: its cursor and selection are drawn in this editor.
    const second = await openPage(chromium.browser, server.baseUrl);
    const secondViolations = await watchViolations(second.context);
    await signIn(second.page, email);
    await second.page.goto(`/pages/${pageId}`);
    await waitForLive(second.page);
    await editorOf(second.page).click();
    await second.page.keyboard.press('End');
    await second.page.keyboard.press('Shift+Home');
    await editorOf(page).locator('.ProseMirror-yjs-cursor').first().waitFor();
    await editorOf(second.page).locator('.ProseMirror-yjs-cursor').first().waitFor();
    expect(secondViolations).toEqual([]);
    expect(cspErrors(second.problems)).toEqual([]);
    await second.context.close();
    await visit(`/pages/${pageId}/history`, () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit(`/processes/${processId}`, () => page.locator(`.djs-element.djs-shape[data-element-id="${TASK_1}"]`).waitFor());
    // Selecting a step opens its side panel and draws bpmn-js markers.
    await page.locator(`.djs-element.djs-shape[data-element-id="${TASK_1}"]`).click();
    await page.waitForURL(/\/steps\//);
    await page.waitForLoadState('networkidle');
    await visit('/interviews', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit('/knowledge', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit('/admin', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await visit('/admin/security', () => page.getByRole('checkbox', { name: /Zwei-Faktor-Anmeldung/ }).waitFor());
    await visit('/profile', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    // Two-factor enrolment draws its QR code as inline SVG; confirming shows the recovery codes.
    await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
    await page.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' }).waitFor();
    const secret = (await page.locator('code.totp-key').innerText()).replace(/\s+/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await page.getByLabel('Geben Sie den sechsstelligen Code ein, den die App jetzt anzeigt').fill(totp.generate());
    await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
    await page.getByRole('list', { name: 'Ihre Wiederherstellungscodes' }).waitFor();
    // The second sign-in step, in a browser of its own.
    const third = await openPage(chromium.browser, server.baseUrl);
    const thirdViolations = await watchViolations(third.context);
    await third.page.goto('/');
    await third.page.getByLabel('E-Mail-Adresse').fill(email);
    await third.page.getByLabel('Passwort').fill(TEST_PASSWORD);
    await third.page.getByLabel('Passwort').press('Enter');
    await third.page.getByRole('heading', { level: 1, name: 'Anmeldung bestätigen' }).waitFor();
    await third.page.getByLabel('Code aus der Authenticator-App').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await third.page.getByLabel('Code aus der Authenticator-App').press('Enter');
    await third.page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(thirdViolations).toEqual([]);
    expect(cspErrors(third.problems)).toEqual([]);
    await third.context.close();
    await visit('/search?q=Sondernutzung', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    // The service worker (offline copies) registered under the policy and controls the client.
    await visit('/', () => page.getByRole('heading', { level: 1 }).first().waitFor());
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? null)).toMatch(/\/sw\.js$/);
    await visit('/api/docs', () => page.locator('.swagger-ui .info').waitFor());
    expect(violations).toEqual([]);
    expect(cspErrors(problems)).toEqual([]);
  });
});
