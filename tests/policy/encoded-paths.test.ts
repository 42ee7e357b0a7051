/**
 * A pentester's retest of the route table: every API and collaboration route is called over
 * real HTTP with its path spelled differently (percent-encoded letters in upper and lower case,
 * encoded and doubled slashes, trailing dots and slashes, mixed case, dot segments, backslashes,
 * double encoding, `;` and NUL suffixes). Anonymous callers get 401, 404 or the web app's page,
 * never API data; a cookie session without the CSRF token changes nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authPlugin } from '../../server/src/auth/plugin.ts';
import { loadConfig } from '../../server/src/config.ts';
import { routeTable } from '../../server/src/policy/route-table.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import type { MatrixEntry, PreparedRequest } from './matrix/types.ts';
import { loadMatrixEntries, matrixWorld, type MatrixWorld } from './matrix-world.ts';

const entries = await loadMatrixEntries();
const INDEX_HTML = '<!doctype html><title>Stafette</title><div id="root" data-marker="spa-index"></div>';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The walks send every spelling of every route (thousands of requests, more with each new route). */
const WALK_TIMEOUT = 300_000;

const hex = (c: string, upper: boolean) => {
  const code = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? code.toUpperCase() : code}`;
};
const encodeAll = (s: string, upper: boolean) => [...s].map((c) => hex(c, upper)).join('');

/** Other spellings of a path that a router or a proxy might treat as the same route. */
function pathVariants(url: string): string[] {
  const [pathname, query] = url.split(/\?(.*)/s) as [string, string | undefined];
  const suffix = query !== undefined ? `?${query}` : '';
  const segments = pathname.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const withSegment = (i: number, value: string) => join(segments.map((s, j) => (j === i ? value : s)));
  const out = new Set<string>();
  segments.forEach((segment, i) => {
    if (!segment) return;
    const first = segment[0]!;
    const rest = segment.slice(1);
    out.add(withSegment(i, hex(first, false) + rest));
    out.add(withSegment(i, encodeAll(segment, false)));
    out.add(withSegment(i, encodeAll(segment, true)));
    out.add(withSegment(i, `%25${hex(first, false).slice(1)}${rest}`));
    out.add(withSegment(i, first.toUpperCase() + rest));
    out.add(withSegment(i, `${segment}.`));
    out.add(withSegment(i, `${segment}%2e`));
    out.add(withSegment(i, `${segment};x`));
    out.add(withSegment(i, `${segment}%00`));
  });
  for (let i = 1; i < segments.length; i++) {
    const before = join(segments.slice(0, i));
    const after = segments.slice(i).join('/');
    out.add(`${before}%2F${after}`);
    out.add(`${before}%2f${after}`);
    out.add(`${before}//${after}`);
    out.add(`${before}\\${after}`);
    out.add(`${before}%5C${after}`);
    out.add(`${before}/./${after}`);
    out.add(`${before}/%2e/${after}`);
    out.add(`${before}/x/../${after}`);
    out.add(`${before}/x/%2e%2e/${after}`);
  }
  out.add(`/${pathname}`);
  out.add(`${pathname}/`);
  out.add(pathname.toUpperCase());
  out.delete(pathname);
  return [...out].map((p) => p + suffix);
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** A raw HTTP request: Node sends the path exactly as given (inject would normalise it). */
function send(port: number, method: string, rawPath: string, headers: Record<string, string>, body: Buffer | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: rawPath, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

function bodyOf(prepared: PreparedRequest): { body: Buffer | null; headers: Record<string, string> } {
  const { body, headers = {} } = prepared;
  if (body === undefined) return { body: null, headers };
  if (Buffer.isBuffer(body) || typeof body === 'string') return { body: Buffer.from(body), headers };
  return { body: Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json', ...headers } };
}

describe.each(backends)('encoded spellings of every route on %s', (backend) => {
  let t: TestApp;
  let world: MatrixWorld;
  let port: number;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-client-'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), INDEX_HTML);
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("app")');
    t = await createTestApp(backend, { clientDist: clientDir });
    world = await matrixWorld(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  /** Every route that needs a caller, with a concrete request the matrix knows to succeed for someone. */
  async function protectedRequests(): Promise<{ entry: Pick<MatrixEntry, 'method' | 'route'>; prepared: PreparedRequest }[]> {
    const table = routeTable(t.app);
    const out: { entry: Pick<MatrixEntry, 'method' | 'route'>; prepared: PreparedRequest }[] = [];
    for (const route of table) {
      if (route.url.startsWith('/collab/')) {
        const id = route.url.includes('interview') ? '00000000-0000-4000-8000-000000000000' : await world.context(null).page();
        out.push({ entry: { method: 'GET', route: route.url }, prepared: { url: route.url.replace(/:\w+$/, id) } });
        continue;
      }
      if (!route.url.startsWith('/api/v1') || route.public) continue;
      const entry = entries.find((e) => e.method === route.method && e.route === route.url);
      if (!entry) throw new Error(`no matrix entry for ${route.method} ${route.url} (tests/policy/matrix.test.ts names the missing ones)`);
      out.push({ entry, prepared: await entry.request(world.context(world.users.admin)) });
    }
    return out;
  }

  it('marks nothing public in the API but sign-in, setup, health and signed unsubscribe links; the API description is public by its registration', async () => {
    const table = routeTable(t.app);
    const publicApi = table.filter((r) => r.public && r.url.startsWith('/api/v1')).map((r) => `${r.method} ${r.url}`).sort();
    expect(publicApi).toEqual([
      'GET /api/v1/auth/oidc/callback',
      'GET /api/v1/auth/oidc/login',
      'GET /api/v1/auth/providers',
      'GET /api/v1/auth/session',
      'GET /api/v1/health',
      'GET /api/v1/mail/unsubscribe',
      'GET /api/v1/setup',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/login/totp',
      'POST /api/v1/auth/oidc/backchannel-logout',
      'POST /api/v1/mail/unsubscribe',
      'POST /api/v1/setup',
    ]);
    for (const url of ['/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
      expect((await send(port, 'GET', url, {}, null)).status, url).not.toBe(401);
    }
  });

  it('serves the public portal (open government) to anyone, and nothing else under /public', async () => {
    const table = routeTable(t.app);
    const portal = table.filter((r) => r.url.startsWith('/public') && r.method !== 'HEAD').map((r) => `${r.method} ${r.url} ${r.public ? 'public' : 'protected'}`).sort();
    expect(portal).toEqual([
      'GET /public public',
      'GET /public/* public',
      'GET /public/ablaeufe/:ref public',
      'GET /public/ablaeufe/:ref/diagram.svg public',
      'GET /public/ablaeufe/:ref/process.bpmn public',
      'GET /public/catalog.jsonld public',
      'GET /public/dateien/:id public',
      'GET /public/pages/:id public',
      'GET /public/pages/:id/page.html public',
      'GET /public/pages/:id/page.md public',
      'GET /public/processes/:id public',
      'GET /public/processes/:id/diagram.svg public',
      'GET /public/processes/:id/process.bpmn public',
      'GET /public/search public',
      'GET /public/seiten/:ref public',
      'GET /public/seiten/:ref/page.html public',
      'GET /public/seiten/:ref/page.md public',
      'GET /public/sitemap.xml public',
    ]);
    // An encoded spelling reaches the portal's own "not found", never the API or the web app.
    for (const url of ['/%70ublic/pages/x', '/public/%2e%2e/api/v1/auth/me', '/public/pages/..%2F..%2Fapi%2Fv1%2Fauth%2Fme', '/public/seiten/..%2F..%2Fapi%2Fv1%2Fauth%2Fme', '/public/dateien/..%2F..%2Fapi%2Fv1%2Fauth%2Fme']) {
      const res = await send(port, 'GET', url, {}, null);
      expect(res.body, url).not.toBe(INDEX_HTML);
      expect([200, 404], url).toContain(res.status);
      expect(res.body, url).not.toContain('"user"');
    }
  });

  it('answers anonymous callers 401, 404 or the web page for every spelling of every protected route', async () => {
    const requests = await protectedRequests();
    const auditBefore = await auditCount();
    const leaks: string[] = [];
    let calls = 0;
    for (const { entry, prepared } of requests) {
      const { body, headers } = bodyOf(prepared);
      const canonical = await send(port, entry.method, prepared.url, headers, body);
      if (![401, 403].includes(canonical.status)) leaks.push(`${entry.method} ${prepared.url} (as registered): ${canonical.status}`);
      for (const variant of pathVariants(prepared.url)) {
        calls += 1;
        const res = await send(port, entry.method, variant, headers, body);
        const webPage = entry.method === 'GET' && res.status === 200 && res.type.startsWith('text/html') && res.body === INDEX_HTML;
        if (!webPage && ![401, 404].includes(res.status)) leaks.push(`${entry.method} ${variant}: ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(await auditCount()).toBe(auditBefore);
  }, WALK_TIMEOUT);

  it('refuses every spelling of every state change sent with the session cookie but without the CSRF token', async () => {
    const admin = world.callers.admin.session;
    const cookieOnly = { cookie: admin.headers.cookie! };
    const requests = await protectedRequests();
    const auditBefore = await auditCount();
    const changed: string[] = [];
    for (const { entry, prepared } of requests) {
      if (SAFE.has(entry.method)) continue;
      const { body, headers } = bodyOf(prepared);
      for (const url of [prepared.url, ...pathVariants(prepared.url)]) {
        const res = await send(port, entry.method, url, { ...headers, ...cookieOnly }, body);
        const refused = res.status === 404 || (res.status === 403 && JSON.parse(res.body).type === 'urn:stafette:problem:csrf-token-invalid');
        if (!refused) changed.push(`${entry.method} ${url}: ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(changed).toEqual([]);
    expect(await auditCount()).toBe(auditBefore);
    // The session survived every attempt (logout, logout-everywhere and password change were refused too).
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
  }, WALK_TIMEOUT);

  it('serves the web app to any other path and its files, but never API data under an encoded prefix', async () => {
    expect((await send(port, 'GET', '/prozesse/irgendwas', {}, null)).body).toBe(INDEX_HTML);
    expect((await send(port, 'GET', '/assets/app.js', {}, null)).body).toContain('console.log');
    for (const url of ['/%61pi/v1/nichts', '/API/v1/nichts', '/%63ollab/x', '/%63ollab/x/y', '/api']) {
      const res = await send(port, 'GET', url, {}, null);
      expect([401, 404], url).toContain(res.status);
      expect(res.type, url).toContain('application/problem+json');
    }
    expect((await send(port, 'GET', '/api/docs/json', {}, null)).status).toBe(200);
    // Fastify's HEAD twins of public GET routes are public too; those of API routes are not.
    for (const url of ['/prozesse/irgendwas', '/assets/app.js', '/api/docs/json']) expect((await send(port, 'HEAD', url, {}, null)).status, url).toBe(200);
    expect((await send(port, 'HEAD', '/api/v1/auth/me', {}, null)).status).toBe(401);
    expect((await send(port, 'HEAD', '/%61pi/v1/auth/me', {}, null)).status).toBe(401);
  });

  async function auditCount(): Promise<number> {
    const row = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
});

describe('routes outside the API', () => {
  it('need a signed-in caller unless their registration says public', async () => {
    const app = Fastify();
    app.decorate('config', loadConfig({}));
    await app.register(authPlugin);
    app.get('/anderswo', async () => ({ geheim: true }));
    app.get('/offen', { config: { public: true } }, async () => ({ offen: true }));
    await app.ready();
    try {
      expect((await app.inject({ method: 'GET', url: '/anderswo' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/%61nderswo' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/offen' })).json()).toEqual({ offen: true });
    } finally {
      await app.close();
    }
  });
});
