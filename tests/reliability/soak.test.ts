import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCollabToken } from '../../server/src/collab/collab-tokens.ts';
import { openPglite } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { connectPeer, synced, type TestPeer } from '../support/collab.ts';
import { freePort, killed, type ServerProcess, startServer } from '../support/server-process.ts';
import { heapGrowth, type HeapSummary, Inspector } from '../support/inspector.ts';
import { recordReliability } from './report.ts';

/**
 * Clients type on many pages for a while against the real server (a child process on the
 * embedded database, as `pnpm start` runs it). Per window: the relay latency p99 (a probe
 * writes, a probe on the same page reads), the server's JavaScript heap after a full collection
 * (through the inspector of the server process, started with `--inspect` on the loopback by
 * this test only), its resident memory and open sockets. Heap and memory must be flat after the
 * warm-up window, latency stable, and sockets back to where they were once the clients leave.
 * With STAFETTE_SOAK_HEAP_SNAPSHOTS=1 (the long form) heap snapshots after the warm-up and at
 * the end are compared by constructor and the kinds that grew most printed.
 */
const CLIENTS = Number(process.env.STAFETTE_SOAK_CLIENTS ?? 30);
const PAGES = Number(process.env.STAFETTE_SOAK_PAGES ?? 10);
const MINUTES = Number(process.env.STAFETTE_SOAK_MINUTES ?? 1);
// Four windows in the short forms, five-minute windows in the long one.
const WINDOW_MS = Number(process.env.STAFETTE_SOAK_WINDOW_MS ?? (MINUTES > 10 ? 300_000 : MINUTES * 15_000));
const SNAPSHOTS = process.env.STAFETTE_SOAK_HEAP_SNAPSHOTS === '1';

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
/** Open sockets of the process (worker threads started on first use add other descriptors, not sockets). */
const socketsOf = (pid: number) =>
  fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.99) - 1)] ?? NaN;

describe.runIf(process.platform === 'linux')('soak: many clients typing for a while', () => {
  let server: ServerProcess | undefined;
  let inspector: Inspector | undefined;
  const peers: TestPeer[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-soak-'));
  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    inspector?.close();
    if (server) await killed(server.child, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps memory flat, latency stable and releases sockets (${CLIENTS} clients, ${PAGES} pages, ${MINUTES} min)`, { timeout: (MINUTES + 15) * 60_000 }, async () => {
    const database = await openPglite(path.join(dataDir, 'pglite'));
    await migrateToLatest(database.db);
    const user = await insertUser(database.db, { email: 'ausdauer@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Ausdauer', role: 'user' });
    const spaceId = await seedSpace(database.db, { editors: [user] });
    const pageIds: string[] = [];
    for (let i = 0; i < PAGES; i++) pageIds.push((await seedPage(database.db, { spaceId })).pageId);
    // Typists spread over the pages, then one writing and one reading probe per page.
    const pageOf = (i: number) => pageIds[i < CLIENTS ? i % PAGES : (i - CLIENTS) % PAGES]!;
    const tokens: string[] = [];
    for (let i = 0; i < CLIENTS + 2 * PAGES; i++) tokens.push((await createCollabToken(database.db, user.id, pageOf(i), 7200)).token);
    await database.close();

    const port = await freePort();
    server = await startServer({ PORT: String(port), STAFETTE_DATA_DIR: dataDir, DATABASE_URL: '' }, () => {}, ['--inspect=127.0.0.1:0']);
    const pid = server.child.pid!;
    inspector = await Inspector.attach(server.output);
    const url = `ws://127.0.0.1:${port}/collab`;
    const socketsIdle = socketsOf(pid);

    const typists = Array.from({ length: CLIENTS }, (_, i) => connectPeer(url, pageOf(i), { token: tokens[i]! }));
    const writers = pageIds.map((pageId, i) => connectPeer(url, pageId, { token: tokens[CLIENTS + i]! }));
    const readers = pageIds.map((pageId, i) => connectPeer(url, pageId, { token: tokens[CLIENTS + PAGES + i]! }));
    peers.push(...typists, ...writers, ...readers);
    await Promise.all(peers.map((p) => synced(p, 120_000)));

    const sentAt = new Map<string, number>();
    let latencies: number[] = [];
    // A measurement stops the server for a moment (full collection, snapshot): probes sent before it ended are not counted.
    let countFrom = 0;
    for (const reader of readers) {
      // Anywhere in the body: each peer's first paragraph may be another one until they synced.
      reader.doc.getXmlFragment('prosemirror').observeDeep((events) => {
        for (const event of events) {
          for (const op of event.changes.delta) {
            if (typeof op.insert !== 'string') continue;
            for (const [marker] of op.insert.matchAll(/§\d+§/g)) {
              const at = sentAt.get(marker);
              if (at !== undefined && at >= countFrom) latencies.push(Date.now() - at);
            }
          }
        }
      });
    }

    let running = true;
    let probe = 0;
    const typing = typists.map(async (peer, i) => {
      for (let n = 0; running; n++) {
        peer.text.insert(peer.text.length, `s${i}w${n} `);
        // Pages must not grow without end over a long soak: trim what is old.
        if (peer.text.length > 4000) peer.text.delete(0, 1000);
        await new Promise((r) => setTimeout(r, 400 + (i % 5) * 40));
      }
    });
    const probing = (async () => {
      while (running) {
        for (const writer of writers) {
          const marker = `§${++probe}§`;
          sentAt.set(marker, Date.now());
          writer.text.insert(0, marker);
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    const windows: { p99: number; heapMb: number; rssMb: number; sockets: number }[] = [];
    const snapshots: HeapSummary[] = [];
    const endAt = Date.now() + MINUTES * 60_000;
    while (Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, Math.min(WINDOW_MS, endAt - Date.now())));
      const latency = p99(latencies);
      const heapMb = Math.round((await inspector.heapUsedAfterGc()) / 104857.6) / 10;
      windows.push({ p99: latency, heapMb, rssMb: Math.round(rssOf(pid) / 1048576), sockets: socketsOf(pid) });
      if (SNAPSHOTS && windows.length === 2) snapshots.push(await inspector.heapSnapshot(path.join(dataDir, 'heap.heapsnapshot')));
      latencies = [];
      countFrom = Date.now();
    }
    // The second snapshot at the end, while the clients still type.
    const snapshotStarted = Date.now();
    if (SNAPSHOTS) snapshots.push(await inspector.heapSnapshot(path.join(dataDir, 'heap.heapsnapshot')));
    const snapshotMs = Date.now() - snapshotStarted;
    running = false;
    await Promise.all([...typing, probing]);
    for (const peer of peers) peer.destroy();
    // Sockets are released once the clients are gone (documents unload after their grace period).
    let socketsAfter = socketsOf(pid);
    for (let i = 0; i < 60 && socketsAfter > socketsIdle + 5; i++) {
      await new Promise((r) => setTimeout(r, 500));
      socketsAfter = socketsOf(pid);
    }

    const afterWarmUp = windows[Math.min(1, windows.length - 1)]!;
    const last = windows[windows.length - 1]!;
    const growth = last.rssMb / afterWarmUp.rssMb;
    const heapGrowthRatio = last.heapMb / afterWarmUp.heapMb;
    const latencyDrift = last.p99 / Math.max(afterWarmUp.p99, 1);
    const table = windows.map((w, i) => `window ${i + 1}: relay p99 ${w.p99} ms, heap after GC ${w.heapMb} MB, RSS ${w.rssMb} MB, sockets ${w.sockets}`).join('\n');
    let snapshotReport = '';
    if (snapshots.length === 2) {
      const [first, end] = snapshots as [HeapSummary, HeapSummary];
      const grown = heapGrowth(first, end).map((g) => `  ${g.kind || '(unnamed)'}: ${g.count >= 0 ? '+' : ''}${g.count} objects, ${g.bytes >= 0 ? '+' : ''}${Math.round(g.bytes / 1024)} KiB`);
      snapshotReport = `\nheap snapshots (one takes ${(snapshotMs / 1000).toFixed(0)} s, the server stands still meanwhile), after warm-up → end: ${first.nodes} → ${end.nodes} objects (${(end.nodes / first.nodes).toFixed(2)}), live bytes ${(end.bytes / first.bytes).toFixed(2)}; grew most:\n${grown.join('\n')}`;
    }
    console.log(`soak, ${CLIENTS} clients on ${PAGES} pages:\n${table}\nsockets idle ${socketsIdle}, after the clients left ${socketsAfter}${snapshotReport}`);
    recordReliability({
      fault: `soak ${MINUTES} min`,
      backend: 'pglite',
      injected: windows.length,
      lost: (socketsAfter > socketsIdle + 5 ? 1 : 0) + (growth > 1.5 ? 1 : 0) + (heapGrowthRatio > 1.5 ? 1 : 0),
      detail: `${CLIENTS} clients, ${PAGES} pages; heap after GC last/after warm-up ${heapGrowthRatio.toFixed(2)}${snapshots.length === 2 ? ` (snapshot objects ${(snapshots[1]!.nodes / snapshots[0]!.nodes).toFixed(2)})` : ''}; RSS last/after warm-up ${growth.toFixed(2)}; relay p99 last/after warm-up ${latencyDrift.toFixed(2)}; sockets idle ${socketsIdle} → after ${socketsAfter}`,
    });
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(windows.every((w) => Number.isFinite(w.p99))).toBe(true);
    expect(heapGrowthRatio).toBeLessThan(1.5);
    expect(growth).toBeLessThan(1.5);
    expect(socketsAfter).toBeLessThanOrEqual(socketsIdle + 5);
  });
});
