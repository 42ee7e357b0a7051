import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import * as Y from 'yjs';
import type { FastifyInstance } from 'fastify';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { createTestApp } from '../support/test-app.ts';
import { buildApp } from '../../server/src/app.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openPostgres } from '../../server/src/db/database.ts';
import { type DocumentStore, pageUpdatesStore } from '../../server/src/collab/document-store.ts';
import { UpdateLog } from '../../server/src/collab/update-log.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, storedDoc } from '../support/collab.ts';

/**
 * The update log on its own, against the real databases: flushes that overlap hand their
 * results back in the order they started, and a compaction sees every committed row.
 */

/** The page store with INSERTs held until the test lets them go, to force an order of commits. */
function gatedStore(): { store: DocumentStore; hold(): () => void; inserts: number } {
  const gates: Promise<void>[] = [];
  const state = {
    inserts: 0,
    store: {
      ...pageUpdatesStore,
      async insert(db, rows) {
        state.inserts += 1;
        const gate = gates.shift();
        if (gate) await gate;
        return pageUpdatesStore.insert(db, rows);
      },
    } satisfies DocumentStore,
    /** The next INSERT waits until the returned function is called. */
    hold() {
      let open!: () => void;
      gates.push(new Promise<void>((resolve) => (open = resolve)));
      return open;
    },
  };
  return state;
}

const logger = Fastify({ logger: false }).log;
const options = { flushWindowMs: 0, maxBatchRows: 10_000, flushesInFlight: 2 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** `count` small updates of one client, each building on the one before. */
function edits(count: number): { updates: Uint8Array[]; final: string } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${i % 10}`);
  return { updates, final: doc.getText('t').toString() };
}

describe.each(backends)('update log on %s', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('hands back a later flush only after an earlier one, even when the later commits first', async () => {
    const { pageId } = await seedPage(database.db);
    const gated = gatedStore();
    const log = new UpdateLog(database.logDb, options, logger, gated.store);
    const release = gated.hold();
    const order: string[] = [];
    const first = log.append(pageId, new Uint8Array([1])).then(() => order.push('first'));
    await tick();
    const second = log.append(pageId, new Uint8Array([2])).then(() => order.push('second'));
    await tick();
    expect(gated.inserts).toBe(2);
    // The second INSERT is not held: give it time to commit before the first is released.
    const rows = async () => (await database.db.selectFrom('page_updates').select('seq').where('page_id', '=', pageId).execute()).length;
    for (let i = 0; i < 200 && (await rows()) < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await rows()).toBe(1);
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(await rows()).toBe(2);
  });

  it('starts no more flushes than configured; what arrives meanwhile waits for a free one', async () => {
    const { pageId } = await seedPage(database.db);
    const gated = gatedStore();
    const log = new UpdateLog(database.logDb, options, logger, gated.store);
    const releases = [gated.hold(), gated.hold()];
    const appended = [log.append(pageId, new Uint8Array([1]))];
    await tick();
    appended.push(log.append(pageId, new Uint8Array([2])));
    await tick();
    appended.push(log.append(pageId, new Uint8Array([3])), log.append(pageId, new Uint8Array([4])));
    await tick();
    expect(gated.inserts).toBe(2);
    for (const release of releases) release();
    await Promise.all(appended);
    // Rows 3 and 4 went together in the flush that started when one was free.
    expect(gated.inserts).toBe(3);
    expect(log.stats).toEqual({ flushes: 3, updates: 4 });
  });

  it('keeps to its window while earlier flushes finish: a steady stream is one statement per window, not per commit', async () => {
    const { pageId } = await seedPage(database.db);
    let inserts = 0;
    // Each commit takes 5 ms, a busy database's.
    const slowStore: DocumentStore = {
      ...pageUpdatesStore,
      async insert(db, rows) {
        inserts += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return pageUpdatesStore.insert(db, rows);
      },
    };
    const window = 25;
    const log = new UpdateLog(database.logDb, { ...options, flushWindowMs: window }, logger, slowStore);
    const appended: Promise<number[]>[] = [];
    const started = performance.now();
    // An update about every millisecond for 250 ms (pages being typed on).
    while (performance.now() - started < 250) {
      appended.push(log.append(pageId, new Uint8Array([appended.length % 256])));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(appended);
    const windows = Math.ceil((performance.now() - started) / window);
    // Starting the next batch whenever a flush finished made it one statement per commit (~5 ms).
    expect(inserts).toBeLessThanOrEqual(windows + 1);
    expect(log.stats.updates).toBe(appended.length);
    const stored = await database.db.selectFrom('page_updates').select(({ fn }) => fn.sum<number>('updates').as('n')).where('page_id', '=', pageId).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(appended.length);
  });

  it('runs a compaction only after overlapping flushes handed back, and loses no row', async () => {
    const { pageId } = await seedPage(database.db);
    const gated = gatedStore();
    const log = new UpdateLog(database.logDb, options, logger, gated.store);
    const { updates, final } = edits(40);
    // What a document does: apply each committed batch, remember the highest committed seq.
    const doc = new Y.Doc();
    const applied = new Set<number>();
    const appendAll = (slice: Uint8Array[]) =>
      slice.map((u) =>
        log.append(pageId, u).then((seqs) => {
          Y.applyUpdate(doc, u);
          for (const seq of seqs) applied.add(seq);
        }),
      );
    const release = gated.hold();
    const pending = appendAll(updates.slice(0, 20));
    await tick();
    pending.push(...appendAll(updates.slice(20, 30)));
    await tick();
    let takenWith = -1;
    const compacted = log.compact(pageId, () => {
      takenWith = doc.getText('t').length;
      return { data: Y.encodeStateAsUpdate(doc), seqs: [...applied] };
    });
    // No flush starts while the compaction waits or runs.
    pending.push(...appendAll(updates.slice(30)));
    await tick();
    expect(gated.inserts).toBe(2);
    release();
    await compacted;
    expect(takenWith).toBe(30);
    await Promise.all(pending);
    const loaded = await log.load(pageId);
    expect(loaded.tailUpdates).toBe(10);
    const reloaded = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(reloaded, update);
    expect(reloaded.getText('t').toString()).toBe(final);
  });

  it('stores what one flush wrote for a page as one row and loads the updates back in order', async () => {
    const { pageId } = await seedPage(database.db);
    const other = await seedPage(database.db);
    const log = new UpdateLog(database.logDb, options, logger);
    const { updates, final } = edits(300);
    // The log keeps bytes as they are: an empty document's update and 100 kB travel in the same bundle.
    const written = [...updates, Y.encodeStateAsUpdate(new Y.Doc()), new Uint8Array(100_000).fill(7)];
    await Promise.all([...written.map((u) => log.append(pageId, u)), log.append(other.pageId, updates[0]!)]);
    const rows = await pageUpdatesStore.rows(database.db, pageId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.updates.map((u) => [...u])).toEqual(written.map((u) => [...u]));
    const loaded = await log.load(pageId);
    expect(loaded.tailUpdates).toBe(written.length);
    const doc = new Y.Doc();
    for (const update of loaded.updates.slice(0, 300)) Y.applyUpdate(doc, update);
    expect(doc.getText('t').toString()).toBe(final);
    expect((await pageUpdatesStore.rows(database.db, other.pageId)).map((r) => r.updates.length)).toEqual([1]);
  });

  it('keeps the rows another process appended when compacting (two servers on one database, a rolling deploy)', async () => {
    // Both servers compact after every two updates, so compactions keep meeting the other's appends.
    const collab = { compactRows: 2 };
    const a = await createTestApp(backend, {}, { collab });
    let b: FastifyInstance | null = null;
    // The second process: connections of its own on PostgreSQL; on PGlite (one connection per
    // instance, no second process can open it) a second server on the same instance.
    const second = backend === 'postgres' ? await openPostgres(a.database.url!) : a.database;
    try {
      b = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent' }, database: second, logger: false, loginLimiter: new LoginLimiter(), collab });
      await b.ready();
      const { pageId } = await seedPage(a.database.db);
      const type = (app: FastifyInstance, word: string) =>
        app.collab.changeDocument(pageId, (doc) => {
          const paragraph = new Y.XmlElement('paragraph');
          const text = new Y.XmlText();
          text.insert(0, word);
          paragraph.insert(0, [text]);
          doc.getXmlFragment('prosemirror').push([paragraph]);
        });
      // The paragraphs' texts as stored (what a reload would show).
      const stored = async () => bodyText(await storedDoc(a.database.db, pageId)).split('|');

      // B writes between two writes of A; A then folds its two rows (B's row has a smaller seq).
      await type(a.app, 'A1');
      await type(b, 'B1');
      await type(a.app, 'A2');
      await a.app.collab.quiescent();
      expect(await stored()).toContain('B1');

      // Both keep writing and compacting at once.
      const words = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${i + 10}`);
      const run = async (app: FastifyInstance, list: string[]) => {
        for (const word of list) await type(app, word);
      };
      await Promise.all([run(a.app, words('A')), run(b, words('B'))]);
      await Promise.all([a.app.collab.quiescent(), b.collab.quiescent()]);
      expect((await stored()).sort()).toEqual(['A1', 'A2', 'B1', ...words('A'), ...words('B')].sort());
      expect((await pageUpdatesStore.rows(a.database.db, pageId)).filter((row) => row.snapshot).length).toBeGreaterThan(0);
    } finally {
      await b?.close();
      if (second !== a.database) await second.close();
      await a.close();
    }
  }, 60_000);
});
