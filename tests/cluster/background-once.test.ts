import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { runAlone } from '../../server/src/cluster/run-alone.ts';
import { loadConfig, type Config } from '../../server/src/config.ts';
import { type Database, openPostgres } from '../../server/src/db/database.ts';
import { defaultMailOptions } from '../../server/src/mail/options.ts';
import { enqueueMail, mailBacklog } from '../../server/src/mail/queue.ts';
import { outboxBacklog } from '../../server/src/search/outbox.ts';
import { seedSpace } from '../support/seed.ts';
import { eventually, insertPages } from '../search/support.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** A real SMTP server that records the Message-ID of every mail it takes. */
async function startSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    onData(stream, _session, callback) {
      void simpleParser(stream).then((mail) => {
        received.push(mail.messageId ?? '');
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as net.AddressInfo;
  return { received, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const countBy = (ids: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
};

// Several app instances need a database several processes share: PostgreSQL only (PGlite is one process).
describe.runIf(process.env.DATABASE_URL)('background work with three instances on one PostgreSQL', () => {
  let first: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const others: { app: FastifyInstance; database: Database }[] = [];
  /** Page ids each instance's indexer took, in the order it took them. */
  const indexedBy: string[][] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    const overrides: Partial<Config> = { mail: { ...defaultMailOptions, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, sendTimeoutMs: 5000 } };
    // Small batches and quick polls, so the three instances keep reaching for the same rows.
    const options = { search: { indexer: { batchSize: 5, pollMs: 10 } }, notifications: { sweepMs: 0, mailPollMs: 20 } };
    first = await createTestApp('postgres', overrides, options);
    for (let i = 0; i < 2; i++) {
      // Each further instance has connections of its own, as a second process would.
      const database = await openPostgres(first.database.url!);
      const app = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent', ...overrides }, database, logger: false, loginLimiter: new LoginLimiter(), ...options });
      await app.ready();
      others.push({ app, database });
    }
    for (const app of [first.app, ...others.map((o) => o.app)]) {
      const taken: string[] = [];
      indexedBy.push(taken);
      app.searchService.indexer.beforeIndex(async (pageIds) => {
        taken.push(...pageIds);
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const { app, database } of others) {
      await app.close();
      await database.close();
    }
    await first?.close();
    await smtp?.close();
  });

  it('indexes each queued page once, whichever instance takes it', async () => {
    const spaceId = await seedSpace(first.database.db, { name: 'Verteilt' });
    const ids = await insertPages(
      first.database.db,
      spaceId,
      Array.from({ length: 150 }, (_, i) => ({ title: `Gemeinsame Warteschlange ${i}`, body: `Seite ${i} für drei Instanzen` })),
    );
    await eventually(async () => (await outboxBacklog(first.database.db)) === 0, 30_000);
    const counts = countBy(indexedBy.flat().filter((id) => ids.includes(id)));
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('sends each queued mail once', async () => {
    const messageIds = Array.from({ length: 40 }, (_, i) => `<cluster-${i}-${Date.now()}@example.org>`);
    for (const [i, messageId] of messageIds.entries()) {
      await enqueueMail(first.database.db, {
        dedupeKey: `cluster-test-${messageId}`,
        userId: null,
        message: { from: 'Stafette <wiki@example.org>', to: `person${i}@example.org`, subject: `Hinweis ${i}`, text: 'Text', html: '<p>Text</p>', messageId, headers: {} },
      });
    }
    await eventually(async () => (await mailBacklog(first.database.db)) === 0, 30_000);
    const counts = countBy(smtp.received.filter((id) => messageIds.includes(id)));
    expect(counts.size).toBe(messageIds.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);

  it('runs a periodic job on one instance at a time; the others skip while it runs', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const firstRun = runAlone(first.database, 'cluster-test-job', async () => {
      started();
      await held;
    });
    await running;
    const ranElsewhere = await Promise.all(others.map((o) => runAlone(o.database, 'cluster-test-job', async () => undefined)));
    expect(ranElsewhere).toEqual([false, false]);
    release();
    expect(await firstRun).toBe(true);
    // Once it is done, the next round may run anywhere.
    expect(await runAlone(others[0]!.database, 'cluster-test-job', async () => undefined)).toBe(true);
  });

  it('runs a job with an interval once per interval between the instances, not once each', async () => {
    const name = `cluster-interval-${Date.now()}`;
    const runs: string[] = [];
    const instances = [first.database, ...others.map((o) => o.database)];
    for (const [i, database] of instances.entries()) await runAlone(database, name, async () => void runs.push(`instance ${i}`), { everyMs: 60 * 60_000 });
    expect(runs).toEqual(['instance 0']);
    // The interval has passed (the last start an hour ago): the next instance to look runs it.
    await sql`UPDATE job_runs SET started_at = now() - interval '1 hour' WHERE name = ${name}`.execute(first.database.db);
    expect(await runAlone(others[1]!.database, name, async () => void runs.push('instance 2'), { everyMs: 60 * 60_000 })).toBe(true);
    expect(runs).toEqual(['instance 0', 'instance 2']);
  });
});
