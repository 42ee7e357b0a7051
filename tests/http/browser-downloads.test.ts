/**
 * What a penetration tester's retest does in a real browser: open a stored BPMN file and a
 * page's HTML export by their links while signed in (they must download, never run on our
 * origin), try to frame the wiki from another origin (refused), and use the API docs, which
 * must still work under the security headers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createPage, createSpace } from '../support/seed.ts';
import { openPage, type LaunchedBrowser } from '../e2e/support/browser.ts';
import type { E2EServer } from '../e2e/support/server.ts';
import { browserSuite } from '../e2e/support/suite.ts';
import { importXml } from '../support/processes.ts';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Would create an account through the API if it ran with the admin's cookie. */
const PAYLOAD = "fetch('/api/v1/users',{method:'POST'});document.title='pwned'";
const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="Defs" targetNamespace="http://example.org/stafette">
  <bpmn:process id="Process_1" name="Gewerbeanmeldung" isExecutable="false">
    <bpmn:extensionElements><script xmlns="http://www.w3.org/1999/xhtml">${PAYLOAD}</script></bpmn:extensionElements>
    <bpmn:startEvent id="Start" name="Antrag eingegangen"/>
  </bpmn:process>
</bpmn:definitions>
`;

describe.each(browserBackends('pglite'))('stored files and framing in Chromium on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));

  async function signedInAdmin() {
    const admin = await server.user({ role: 'admin', displayName: 'Admin' });
    const { context, page, problems } = await openPage(chromium.browser, server.baseUrl);
    const [name, value] = admin.api.headers.cookie!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') posts.push(`${request.method()} ${request.url()}`);
    });
    return { admin, context, page, problems, posts };
  }

  it('a BPMN model with a script and a page exported as HTML download when opened; no script runs', async () => {
    const { admin, context, page, posts } = await signedInAdmin();
    const space = await createSpace(admin.api, 'Gewerbeamt');
    const imported = await importXml(admin.api, space.id, HOSTILE, 'Gewerbe.bpmn');
    expect(imported.statusCode, imported.body).toBe(201);
    const pageId = await createPage(admin.api, space.id, 'Hinweise');
    await admin.api.put(`/api/v1/pages/${pageId}/content`, { markdown: `Text\n\n<script>${PAYLOAD}</script>` });

    for (const [url, fileName] of [
      [`/api/v1/processes/${imported.json().id}/bpmn`, 'Gewerbe.bpmn'],
      [`/api/v1/pages/${pageId}/export?format=html`, 'Hinweise.html'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.goto(url).catch(() => null)]);
      expect(download.suggestedFilename()).toBe(fileName);
    }
    expect(posts).toEqual([]);
    expect(await page.title()).not.toBe('pwned');
    await context.close();
  });

  it('another origin cannot frame the wiki', async () => {
    // A page on a different origin (another port) that frames the wiki's sign-in page.
    const attacker = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="f" src="${server.baseUrl}/"></iframe>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const { context, page } = await openPage(chromium.browser, server.baseUrl);
      const blocked = page.waitForEvent('console', (m) => /frame-ancestors|X-Frame-Options|refused/i.test(m.text()));
      await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      await blocked;
      const frame = page.frames().find((f) => f !== page.mainFrame());
      // The blocked frame shows Chromium's error page, never the wiki.
      expect(await frame?.locator('#root').count().catch(() => 0)).toBe(0);
      await context.close();
    } finally {
      attacker.close();
    }
  });

  it('the API docs still load and run under the security headers', async () => {
    const { context, page, problems } = await openPage(chromium.browser, server.baseUrl);
    await page.goto('/api/docs');
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 15_000 }).toContain('Stafette API');
    // Every tag is listed, and opening one lists its operations (the UI's script ran and read /api/docs/json).
    await expect.poll(() => page.locator('.opblock-tag').count(), { timeout: 15_000 }).toBeGreaterThan(20);
    await page.locator('.opblock-tag', { hasText: /^versions/ }).click();
    await expect.poll(() => page.locator('.opblock-summary-path', { hasText: '/versions/{vid}/diff' }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
