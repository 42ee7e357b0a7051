/**
 * Several app server processes on one database and one Redis, as the scale-out tests run them:
 * started on free ports and waited for until each says it is connected.
 */
import { createSession } from '../../server/src/auth/sessions.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { freshDatabase, type TestDatabase } from './databases.ts';
import { startRedisServer } from './redis-server.ts';
import { freePort, killed, type ServerProcess, startServer } from './server-process.ts';

export interface Instance {
  port: number;
  server: ServerProcess;
}

/** The instance's own view of itself: `ok`, or `degraded` without Redis. */
export async function healthOf(instance: Instance): Promise<string> {
  return ((await (await fetch(`http://127.0.0.1:${instance.port}/api/v1/health`)).json()) as { status: string }).status;
}

/** Polls until the instance reports `status` (at most 20 s). */
export async function untilHealth(instance: Instance, status: string): Promise<void> {
  for (const until = Date.now() + 20_000; (await healthOf(instance)) !== status && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
}

/** `count` instances with `env`, each connected to Redis before any test opens a page. */
async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const servers = await Promise.all(ports.map((port) => startServer({ ...env, PORT: String(port) })));
  const instances = servers.map((server, i) => ({ port: ports[i]!, server }));
  for (const instance of instances) await untilHealth(instance, 'ok');
  return instances;
}

async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((instance) => killed(instance.server.child, 'SIGTERM')));
}

export function collabUrl(instance: Instance): string {
  return `ws://127.0.0.1:${instance.port}/collab`;
}

export interface Cluster {
  redis: Awaited<ReturnType<typeof startRedisServer>>;
  database: TestDatabase;
  instances: Instance[];
  stop(): Promise<void>;
}

/** A PostgreSQL database and a Redis of the test's own and `count` instances on them (keys under `prefix`). */
export async function startCluster(count: number, prefix: string, env: Record<string, string> = {}): Promise<Cluster> {
  const [redis, database] = await Promise.all([startRedisServer(), freshDatabase('postgres')]);
  const instances = await startInstances(count, { DATABASE_URL: database.url!, REDIS_URL: redis.url, STAFETTE_REDIS_PREFIX: `${prefix}-${process.pid}:`, ...env });
  return {
    redis,
    database,
    instances,
    async stop() {
      await stopInstances(instances);
      await redis.stop();
      await database.drop();
    },
  };
}

/** A new user with a session, as a browser holding its cookie would present it. */
export async function signedInUser(database: TestDatabase, name: string): Promise<{ id: string; cookie: string; csrf: string }> {
  const user = await insertUser(database.db, { email: `${name}-${Date.now()}@example.org`, password: 'korrekt-Pferd-Batterie', displayName: name });
  const session = await createSession(database.db, user.id, { idleMinutes: 120, lifetimeHours: 2 }, { ip: '127.0.0.1', userAgent: 'cluster test' });
  return { id: user.id, cookie: `stafette_session=${session.token}`, csrf: session.csrfToken };
}
