import http from 'node:http';
import net from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { decodeJwt, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { loadConfig } from '../../server/src/config.ts';
import type { Backend } from './databases.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

/**
 * A real OpenID Connect provider (panva's oidc-provider) in the test process, with a client for
 * Stafette, accounts with umlaut names and groups, its development login and consent forms,
 * back-channel logout and RP-initiated logout. Claims of the profile and email scopes reach
 * Stafette through UserInfo only (the provider's default), as with many real providers.
 */

export interface TestAccount {
  email: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  groups?: string[];
}

export const CLIENT_ID = 'stafette-test';
export const CLIENT_SECRET = 'ein-geheimnis-nur-fuer-tests-0123456789';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class TestProvider {
  /** Accounts by `sub`; change them between sign-ins (a new e-mail, other groups). */
  readonly accounts = new Map<string, TestAccount>();
  /** Rewrites the claims of the next ID token the token endpoint issues (signed again with the provider's key). */
  tamperNextIdToken: ((claims: JWTPayload) => JWTPayload) | null = null;
  /** Logout tokens the provider sent to the back-channel endpoint, with Stafette's answer status. */
  readonly backchannelDeliveries: { ok: boolean; error?: string }[] = [];

  private constructor(
    readonly issuer: string,
    readonly provider: Provider,
    private readonly server: http.Server,
    private readonly privateJwk: JWK,
  ) {}

  static async start(app: { publicUrl: string }, accounts: Record<string, TestAccount> = {}): Promise<TestProvider> {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
    let self: TestProvider | null = null;
    const configuration: Configuration = {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${app.publicUrl}/api/v1/auth/oidc/callback`],
          post_logout_redirect_uris: [`${app.publicUrl}/`],
          backchannel_logout_uri: `${app.publicUrl}/api/v1/auth/oidc/backchannel-logout`,
          backchannel_logout_session_required: true,
          token_endpoint_auth_method: 'client_secret_basic',
        },
        {
          client_id: `${CLIENT_ID}-post`,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${app.publicUrl}/api/v1/auth/oidc/callback`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [privateJwk] },
      cookies: { keys: ['schluessel-fuer-test-cookies'] },
      pkce: { required: () => true },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'given_name', 'family_name', 'groups'],
      },
      features: {
        devInteractions: { enabled: true },
        backchannelLogout: { enabled: true },
        rpInitiatedLogout: { enabled: true },
      },
      // The provider refuses to call loopback addresses (SSRF protection), where Stafette listens
      // here, and gives up after 2.5 s, which a test machine under load can exceed.
      fetch: (url, init) => {
        const { dispatcher: _loopbackRefused, signal: _timeout, ...options } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
        return globalThis.fetch(url, options);
      },
      findAccount: (_ctx, sub) => {
        const account = self?.accounts.get(sub);
        if (!account) return undefined;
        return { accountId: sub, claims: () => ({ sub, email_verified: true, ...account }) };
      },
    };
    const provider = new Provider(issuer, configuration);
    provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && self?.tamperNextIdToken && body?.id_token) {
        const claims = self.tamperNextIdToken(decodeJwt(body.id_token));
        self.tamperNextIdToken = null;
        ctx.body = { ...body, id_token: await self.sign(claims) };
      }
    });
    provider.on('backchannel.success', () => self?.backchannelDeliveries.push({ ok: true }));
    provider.on('backchannel.error', (_ctx, error: Error) => self?.backchannelDeliveries.push({ ok: false, error: error.message }));
    const server = http.createServer(provider.callback());
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    self = new TestProvider(issuer, provider, server, privateJwk);
    for (const [sub, account] of Object.entries(accounts)) self.accounts.set(sub, account);
    return self;
  }

  /** A JWT signed with the provider's own key (or `key`), as the provider would sign it. */
  async sign(claims: JWTPayload, key: JWK = this.privateJwk): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid ?? 'test-key-1' }).sign(key);
  }

  /** A back-channel logout token as the provider issues it; `claims` override or (undefined) remove fields. */
  logoutToken(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: CLIENT_ID,
      iat: now,
      exp: now + 120,
      jti: `jti-${Math.random().toString(36).slice(2)}`,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      ...claims,
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    return this.sign(payload as JWTPayload);
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface OidcTestApp extends TestApp {
  publicUrl: string;
  provider: TestProvider;
}

/**
 * Stafette listening on a free port with OpenID Connect pointed at a new test provider. The
 * settings come through loadConfig from the same variables an operator sets.
 */
export async function startOidcApp(backend: Backend, env: Record<string, string> = {}, accounts: Record<string, TestAccount> = {}, options: TestAppOptions = {}): Promise<OidcTestApp> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await TestProvider.start({ publicUrl }, accounts);
  const config = loadConfig({
    STAFETTE_PUBLIC_URL: publicUrl,
    STAFETTE_OIDC_ISSUER: provider.issuer,
    STAFETTE_OIDC_CLIENT_ID: CLIENT_ID,
    STAFETTE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    STAFETTE_OIDC_NAME: 'Dienstkonto Rathaus',
    STAFETTE_OIDC_ALLOW_HTTP: 'true',
    ...env,
  });
  const t = await createTestApp(
    backend,
    { publicUrl, oidc: config.oidc, localLogin: config.localLogin, directory: config.directory, ...(config.clientDist ? { clientDist: config.clientDist } : {}) },
    options,
  );
  await t.app.listen({ port, host: '127.0.0.1' });
  const close = t.close;
  return Object.assign(t, {
    publicUrl,
    provider,
    async close() {
      await close();
      await provider.close();
    },
  });
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

/** Where a navigation ended: a page (status 200 and its HTML) or a redirect it stopped at. */
export interface Landing {
  status: number;
  url: string;
  html: string;
  /** The redirect target it stopped at (see Browser.navigate), else null. */
  location: string | null;
}

/**
 * A browser as far as sign-in needs one: a cookie jar (by host and path, ports shared, as
 * browsers do), redirects followed by hand, forms submitted with their hidden fields.
 */
export class Browser {
  private readonly jar = new Map<string, StoredCookie>();

  constructor(private readonly appOrigin: string) {}

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  /** The Cookie header this browser sends to `url`. */
  cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url);
    return [...this.jar.values()]
      .filter((c) => c.host === hostname && (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(url: string, response: Response) {
    const { hostname, pathname } = new URL(url);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      let path = pathname.slice(0, pathname.lastIndexOf('/') + 1) || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.split('=');
        if (/^path$/i.test(key!)) path = val;
        if (/^max-age$/i.test(key!) && Number(val) <= 0) expired = true;
        if (/^expires$/i.test(key!) && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${hostname}|${path}|${name}`;
      if (expired) this.jar.delete(key);
      else this.jar.set(key, { name, value, host: hostname, path });
    }
  }

  /** One request with this browser's cookies; no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(url), 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Testbrowser' };
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(url, response);
    return response;
  }

  /**
   * Follows redirects until a page answers, or until the next hop is a screen of the Stafette
   * client (an app path outside /api) or matches `stopAt`: then it stops there and says where
   * it would go.
   */
  async navigate(url: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt?: (next: string) => boolean): Promise<Landing> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops += 1) {
      if (response.status < 300 || response.status >= 400) return { status: response.status, url: current, html: await response.text(), location: null };
      const next = new URL(response.headers.get('location')!, current).toString();
      await response.body?.cancel();
      const appScreen = next.startsWith(this.appOrigin) && !new URL(next).pathname.startsWith('/api/');
      if (appScreen || stopAt?.(next)) return { status: response.status, url: current, html: '', location: next };
      current = next;
      response = await this.request(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the page's (first) form with its hidden fields and `fields`, following redirects as navigate does. */
  submit(page: Landing, fields: Record<string, string> = {}, stopAt?: (next: string) => boolean): Promise<Landing> {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.html);
    if (!form) throw new Error(`no form on ${page.url}: ${page.html.replace(/[\s\S]*<body>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 500)}`);
    const values: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) values[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    }
    const action = new URL(form[1]!.replace(/&amp;/g, '&'), page.url).toString();
    return this.navigate(action, { form: { ...values, ...fields } }, stopAt);
  }
}

/** The provider's login page for a new sign-in at Stafette (`returnTo` passed along). */
export function startSignIn(browser: Browser, t: OidcTestApp, returnTo = '/'): Promise<Landing> {
  return browser.navigate(`${t.publicUrl}/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
}

/** The whole sign-in: login form, consent, back at Stafette; `stopAtCallback` stops before the callback is called. */
export async function signInAs(browser: Browser, t: OidcTestApp, sub: string, options: { returnTo?: string; stopAtCallback?: boolean } = {}): Promise<Landing> {
  const stopAt = options.stopAtCallback ? (next: string) => next.startsWith(`${t.publicUrl}/api/v1/auth/oidc/callback`) : undefined;
  let page = await startSignIn(browser, t, options.returnTo);
  page = await browser.submit(page, { login: sub, password: 'beliebig' }, stopAt);
  // A first sign-in asks for consent; later ones go straight back.
  if (page.location === null && /name="prompt" value="consent"/.test(page.html)) page = await browser.submit(page, {}, stopAt);
  return page;
}
