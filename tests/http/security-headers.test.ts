import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { backends } from '../support/databases.ts';
import { createTestApp, type Client, type TestApp, type TestUser } from '../support/test-app.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import { importXml, linearModel } from '../support/processes.ts';
import { createHash } from 'node:crypto';
import { parseFrameAncestors } from '../../server/src/config.ts';

function directives(res: LightMyRequestResponse): string[] {
  return String(res.headers['content-security-policy'] ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
}

/** What every response carries, whatever produced it. */
function expectBaseline(res: LightMyRequestResponse, what: string) {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(directives(res), what).toContain("frame-ancestors 'none'");
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
}

/** Exported or stored content: a download that no browser renders or runs on our origin. */
function expectSandboxedDownload(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(200);
  expectBaseline(res, what);
  expect(String(res.headers['content-disposition']), what).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
  expect(directives(res), what).toEqual(expect.arrayContaining(['sandbox', "default-src 'none'"]));
  expect(res.headers['cache-control'], what).toContain('no-store');
}

describe.each(backends)('security headers on every response on %s', (backend) => {
  let t: TestApp;
  let admin: Client & { user: TestUser };
  let clientDist: string;

  beforeAll(async () => {
    // A small built client, so the static files and the client-route fallback are answered too.
    clientDist = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-dist-'));
    fs.mkdirSync(path.join(clientDist, 'assets'));
    fs.writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Stafette</title><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(clientDist, 'assets', 'app.js'), 'console.log("app")');
    t = await createTestApp(backend, { clientDist, trustProxy: true });
    admin = await t.userClient({ role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(clientDist, { recursive: true, force: true });
  });

  it('API answers, problems, 404s, the client and the API docs all carry nosniff and frame-ancestors', async () => {
    const docs = await t.anonymous.get('/api/docs');
    const docsPage = String(docs.headers.location ?? '/api/docs');
    const cases: [string, LightMyRequestResponse, number][] = [
      ['health', await t.anonymous.get('/api/v1/health'), 200],
      ['signed-in JSON', await admin.get('/api/v1/auth/me'), 200],
      ['signed-in JSON, encoded path', await admin.get('/%61pi/v1/auth/me'), 200],
      ['401 problem', await t.anonymous.get('/api/v1/auth/me'), 401],
      ['404 API route', await admin.get('/api/v1/gibt-es-nicht'), 404],
      ['404 other method', await t.anonymous.request('DELETE', '/nirgends'), 404],
      ['400 malformed URL', await t.anonymous.get('/api/v1/%zz'), 400],
      ['400 malformed JSON', await t.anonymous.post('/api/v1/auth/login', '{"email":', { headers: { 'content-type': 'application/json' } }), 400],
      ['client index', await t.anonymous.get('/'), 200],
      ['client route', await t.anonymous.get('/seiten/abc'), 200],
      ['client asset', await t.anonymous.get('/assets/app.js'), 200],
      ['API docs redirect', docs, docs.statusCode],
      ['API docs', await t.anonymous.get(docsPage.startsWith('/') ? docsPage : `/api/${docsPage.replace(/^\.\//, '')}`), 200],
      ['OpenAPI JSON', await t.anonymous.get('/api/docs/json'), 200],
    ];
    for (const [what, res, status] of cases) {
      expect(res.statusCode, what).toBe(status);
      expectBaseline(res, what);
    }
    const answer = (name: string) => cases.find(([what]) => what === name)![1];
    expect(answer('400 malformed URL').json()).toMatchObject({ type: 'urn:stafette:problem:bad-request', status: 400 });
    // What only this user may see stays out of shared and browser caches; the client's own files may be cached.
    expect(answer('signed-in JSON').headers['cache-control']).toBe('no-store');
    // Decided from the matched route: another spelling of the path is the same API answer.
    expect(answer('signed-in JSON, encoded path').headers['cache-control']).toBe('no-store');
    expect(answer('client asset').headers['cache-control']).toContain('max-age');
  });

  it('gives the client, its assets, the API and the docs a strict policy: scripts only from our origin', async () => {
    for (const url of ['/', '/seiten/abc', '/assets/app.js', '/api/v1/health', '/api/v1/auth/me']) {
      const csp = directives(await t.anonymous.get(url));
      expect(csp, url).toEqual(
        expect.arrayContaining([
          "default-src 'self'",
          "script-src 'self'",
          "script-src-attr 'none'",
          "connect-src 'self'",
          "worker-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
        ]),
      );
      // Style attributes (editor cursors, bpmn-js icons) pass, <style> elements only from our origin.
      expect(csp, url).toEqual(expect.arrayContaining(["style-src 'self' 'unsafe-inline'", "style-src-elem 'self'"]));
    }
    // Only the API docs (Swagger UI) admit inline <style> elements; never inline scripts.
    const docs = directives(await t.anonymous.get('/api/docs/static/index.html'));
    expect(docs).toEqual(expect.arrayContaining(["script-src 'self'", "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'"]));
    expect(docs.some((d) => d.startsWith('style-src-elem'))).toBe(false);
  });

  it('sends Strict-Transport-Security over HTTPS only', async () => {
    const plain = await t.anonymous.get('/api/v1/health');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await t.anonymous.get('/api/v1/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('every route that sends stored or exported content sends a sandboxed attachment', async () => {
    const spaceId = await seedSpace(t.database.db, { name: 'Bürgeramt', owners: [admin] });
    const pageId = await importMarkdown(admin, spaceId, 'Gebühren <script>', '# Gebühren\n\n<script>alert(1)</script>\n\nAusweis: 37 Euro');
    const imported = await importXml(admin, spaceId, linearModel({ taskIds: ['Pruefen'] }), 'antrag.bpmn');
    expect(imported.statusCode, imported.body).toBe(201);
    const processId = imported.json().id;

    const html = await admin.get(`/api/v1/pages/${pageId}/export?format=html`);
    expectSandboxedDownload(html, 'page as HTML');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Ausweis: 37 Euro');
    expectSandboxedDownload(await admin.get(`/api/v1/pages/${pageId}/export?format=markdown`), 'page as Markdown');
    expectSandboxedDownload(await admin.get(`/api/v1/processes/${processId}/bpmn`), 'BPMN model');
    expectSandboxedDownload(await admin.get('/api/v1/audit/export.csv'), 'audit CSV');
    expectSandboxedDownload(await admin.get('/api/v1/knowledge-risk/export.csv'), 'knowledge-risk CSV');
  });

  it('streams a long audit log as CSV in batches: every entry once, newest first', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({ actor_id: admin.user.id, action: 'test.batch', target_type: 'test', target_id: null, ip: null, detail: JSON.stringify({ i }) }));
    await t.database.db.insertInto('audit_log').values(rows).execute();
    const res = await admin.get('/api/v1/audit/export.csv?action=test.batch');
    expectSandboxedDownload(res, 'audit CSV');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2501);
    const numbers = lines.slice(1).map((l) => Number(/""i"":(\d+)/.exec(l)![1]));
    expect(numbers).toEqual(Array.from({ length: 2500 }, (_, i) => 2499 - i));
  });
});

describe.each(backends)('a configured frame-ancestors and an inline script in index.html on %s', (backend) => {
  const inline = 'window.stafetteBoot = 1;';
  let t: TestApp;
  let clientDist: string;

  beforeAll(async () => {
    clientDist = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-dist-'));
    fs.writeFileSync(path.join(clientDist, 'index.html'), `<!doctype html><title>Stafette</title><script>${inline}</script><script type="module" src="/assets/app.js"></script>`);
    t = await createTestApp(backend, { clientDist, frameAncestors: parseFrameAncestors("'self' https://intranet.example.org") });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(clientDist, { recursive: true, force: true });
  });

  it('admits exactly that inline script by its hash and lets the configured sites frame the wiki', async () => {
    const hash = createHash('sha256').update(inline).digest('base64');
    const index = await t.anonymous.get('/');
    expect(directives(index)).toContain(`script-src 'self' 'sha256-${hash}'`);
    for (const res of [index, await t.anonymous.get('/api/v1/health'), await t.anonymous.get('/api/docs/json')]) {
      expect(directives(res)).toContain("frame-ancestors 'self' https://intranet.example.org");
      // X-Frame-Options cannot name other sites; browsers with CSP 2 follow frame-ancestors.
      expect(res.headers['x-frame-options']).toBeUndefined();
    }
  });
});

describe('STAFETTE_FRAME_ANCESTORS', () => {
  it("defaults to 'none' and refuses anything but source expressions", () => {
    expect(parseFrameAncestors(undefined)).toBe("'none'");
    expect(parseFrameAncestors("'self'")).toBe("'self'");
    expect(parseFrameAncestors(' https://a.example.org  https://*.stadt.de:8443 ')).toBe('https://a.example.org https://*.stadt.de:8443');
    expect(() => parseFrameAncestors("'none'; script-src *")).toThrow(/STAFETTE_FRAME_ANCESTORS/);
    expect(() => parseFrameAncestors('https://a.example.org,https://b.example.org')).toThrow(/STAFETTE_FRAME_ANCESTORS/);
    expect(() => parseFrameAncestors("'none' 'self'")).toThrow(/STAFETTE_FRAME_ANCESTORS/);
    expect(() => parseFrameAncestors("'unsafe-inline'")).toThrow(/STAFETTE_FRAME_ANCESTORS/);
  });
});
