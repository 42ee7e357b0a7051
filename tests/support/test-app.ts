import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../../server/src/app.ts';
import { loadConfig, type Config } from '../../server/src/config.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import type { Role } from '../../server/src/auth/auth.ts';
import { type Backend, freshDatabase, type TestDatabase } from './databases.ts';

export const TEST_PASSWORD = 'korrekt-Pferd-Batterie';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  /** Creates an account directly in the database. */
  createUser(options?: { role?: Role; email?: string; displayName?: string }): Promise<TestUser>;
  /** Signs in through the API and returns a client carrying the cookie and CSRF token. */
  login(email: string, password?: string): Promise<Client>;
  /** A signed-in client for a new account. */
  userClient(options?: { role?: Role; displayName?: string }): Promise<UserClient>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

/** A signed-in client together with its account. */
export type UserClient = Client & { user: TestUser };

export type RequestOptions = Omit<InjectOptions, 'method' | 'url'> & { body?: InjectOptions['payload'] };

/** A caller: sends requests with its cookie/token and CSRF header. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}

  request(method: InjectOptions['method'], url: string, options: RequestOptions = {}): Promise<LightMyRequestResponse> {
    const { body, headers, ...rest } = options;
    return this.app.inject({
      method,
      url,
      headers: { ...this.headers, ...(headers as Record<string, string> | undefined) },
      ...(body !== undefined ? { payload: body } : {}),
      ...rest,
    });
  }
  get = (url: string, options?: RequestOptions) => this.request('GET', url, options);
  post = (url: string, body?: RequestOptions['body'], options?: RequestOptions) => this.request('POST', url, { ...options, body });
  put = (url: string, body?: RequestOptions['body'], options?: RequestOptions) => this.request('PUT', url, { ...options, body });
  patch = (url: string, body?: RequestOptions['body'], options?: RequestOptions) => this.request('PATCH', url, { ...options, body });
  delete = (url: string, options?: RequestOptions) => this.request('DELETE', url, options);
}

let counter = 0;

/** What a test changes of the app beyond its configuration: tunables over the defaults (shorter timers), logging, the login limiter. */
export type TestAppOptions = Pick<AppOptions, 'collab' | 'content' | 'interviews' | 'search' | 'notifications'> & {
  logger?: false | Record<string, unknown>;
  loginLimiter?: LoginLimiter;
};

/** An app on a fresh database; the configuration is the defaults (no environment) with `overrides`. */
export async function createTestApp(backend: Backend, overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await freshDatabase(backend);
  const config = { ...loadConfig({}), clientDist: '/nonexistent', ...overrides };
  const { logger = false, loginLimiter = new LoginLimiter(), ...tunables } = options;
  const app = await buildApp({ config, database, logger, loginLimiter, ...tunables });
  await app.ready();

  const createUser: TestApp['createUser'] = async (options = {}) => {
    counter += 1;
    const email = options.email ?? `user${counter}-${Date.now()}@example.org`;
    const row = await insertUser(database.db, {
      email,
      password: TEST_PASSWORD,
      displayName: options.displayName ?? `Nutzer ${counter}`,
      role: options.role ?? 'user',
    });
    return { id: row.id, email: row.email, displayName: row.display_name, role: row.role };
  };

  const login: TestApp['login'] = async (email, password = TEST_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'stafette_session')!;
    return new Client(app, { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken });
  };

  return {
    app,
    database,
    createUser,
    login,
    async userClient(options = {}) {
      const user = await createUser(options);
      return Object.assign(await login(user.email), { user });
    },
    anonymous: new Client(app),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
