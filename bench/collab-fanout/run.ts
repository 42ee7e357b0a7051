/**
 * collab-fanout: 50 pages × 3 clients, one page of 12 and one of 100, real Yjs clients; one
 * writer per page types 10 edits/s of ~25 bytes. Latency = writer's edit → the edit is in each
 * other client's document (observed with `afterTransaction`, no polling). Stafette runs with
 * persistence on PostgreSQL; the peers in memory. Servers on core 0, this process on core 1,
 * rounds alternated, after 5 s of typing against a throwaway server that warms this process up.
 * Options: --rounds=3 --seconds=10 --servers=stafette,ywss,hocuspocus --profile
 * --timeline (per second of each round, by the second the edit was sent: deliveries, p99 and
 * max, with the round's wall-clock start to line up with server logs or profiles)
 * --instances=2 (Stafette as two processes on one PostgreSQL and a Redis of the run's own, each
 * page's clients split between them: the writer on the first, readers alternating, so half the
 * deliveries cross Redis; all instances on core 0 like the single servers).
 */
import os from 'node:os';
import * as Y from 'yjs';
import { flag, option } from '../collab-support/args.ts';
import { peerOptions, typeAtRate, withPeers, type CpuFigures } from '../collab-support/peers.ts';
import { pinSelf } from '../collab-support/pin.ts';
import { connectReal, paragraphText, type RealClient, type Target } from '../collab-support/real-clients.ts';
import { type RunningServer, type ServerKind, serverLabel, startServer } from '../collab-support/servers.ts';
import { Histogram, machine, sleep, spread, table, waitUntil } from '../collab-support/stats.ts';

pinSelf(1);

const rounds = option('rounds', 3);
const seconds = option('seconds', 10);
const pageSizes = [...Array.from({ length: option('pages', 50) }, () => 3), 12, 100];
const editsPerSecond = 10;
const peers = peerOptions('collab-fanout');
const timeline = flag('timeline');
const { kinds } = peers;

interface RoundResult extends CpuFigures {
  p50: number;
  p95: number;
  p99: number;
  deliveries: number;
  drops: number;
  /** Per second of the round (by send time): deliveries, p99, max (`--timeline`). */
  seconds: { deliveries: number; p99: number; max: number }[];
  startedAt: number;
}

async function round(server: RunningServer, pages: Target[][], typingSeconds = seconds): Promise<RoundResult> {
  const hist = new Histogram();
  const clients: RealClient[][] = pages.map((targets) => targets.map((t) => connectReal(t)));
  try {
    await Promise.all(clients.flat().map((c) => c.synced));
    // Each writer creates its paragraph; readers wait until they have it.
    const writers = clients.map((page) => ({ client: page[0]!, text: paragraphText(page[0]!.doc) }));
    await waitUntil(() => clients.every((page) => page.every((c) => c.doc.getXmlFragment('prosemirror').length > 0)), 20_000);
    await sleep(500);

    let expected = 0;
    let received = 0;
    let typingFrom = Infinity;
    let startedAt = 0;
    const perSecond: Histogram[] = [];
    const sent = writers.map(() => [] as { clock: number; at: number }[]);
    // Each reader remembers how far it has seen its writer.
    clients.forEach((page, p) => {
      const writerId = page[0]!.doc.clientID;
      page.slice(1).forEach((reader) => {
        let next = 0;
        reader.doc.on('afterTransaction', (tr: Y.Transaction) => {
          const clock = tr.afterState.get(writerId) ?? 0;
          const list = sent[p]!;
          const now = performance.now();
          while (next < list.length && list[next]!.clock <= clock) {
            hist.record(now - list[next]!.at);
            if (timeline) {
              const second = Math.max(0, Math.floor((list[next]!.at - typingFrom) / 1000));
              (perSecond[second] ??= new Histogram()).record(now - list[next]!.at);
            }
            received += 1;
            next += 1;
          }
        });
      });
    });

    typingFrom = performance.now();
    startedAt = Date.now();
    const ticks = writers.map((w, p) => {
      const readers = clients[p]!.length - 1;
      let n = 0;
      return () => {
        const text = `w${p}e${n++} `.padEnd(25, 'x');
        w.text.insert(w.text.length, text);
        sent[p]!.push({ clock: Y.getState(w.client.doc.store, w.client.doc.clientID), at: performance.now() });
        expected += readers;
      };
    });
    const cpu = await typeAtRate(server, ticks, editsPerSecond, typingSeconds, () => ({ received, expected }));
    return {
      p50: hist.percentile(50),
      p95: hist.percentile(95),
      p99: hist.percentile(99),
      deliveries: received,
      drops: expected - received,
      seconds: Array.from(perSecond, (h) => ({ deliveries: h?.count ?? 0, p99: h ? h.percentile(99) : NaN, max: h?.max ?? NaN })),
      startedAt,
      ...cpu,
    };
  } finally {
    clients.flat().forEach((c) => c.destroy());
    await sleep(500);
  }
}

async function main() {
  console.log(`collab-fanout: ${pageSizes.length} pages (${pageSizes.length - 2}×3, 12, 100), ${editsPerSecond} edits/s per writer, ${seconds} s × ${rounds} rounds`);
  console.log(`machine: ${machine()}`);
  if (peers.instances > 1) console.log(`Stafette as ${peers.instances} instances sharing pages through Redis, clients split between them`);
  await withPeers(peers, async ({ servers, database, room, instances }) => {
    // The load generator's own first round runs cold (its Yjs clients and providers unoptimised),
    // which would burden only the server measured first. It warms up against a throwaway
    // in-memory server of its own, so no measured server is warmed by it.
    const warmUp = await startServer('ywss');
    try {
      const pages = pageSizes.map((size, i) => Array.from({ length: size }, () => ({ kind: 'ywss' as const, url: warmUp.url, room: `warm-up-${i}` })));
      await round(warmUp, pages, 5);
    } finally {
      await warmUp.stop();
    }
    console.log('load generator warmed up for 5 s against a throwaway @y/websocket-server (not counted)');
    const results = new Map<ServerKind, RoundResult[]>(kinds.map((k) => [k, []]));
    for (let r = 0; r < rounds; r++) {
      for (const kind of kinds) {
        const server = servers.get(kind)!;
        const pages: Target[][] = [];
        for (const size of pageSizes) {
          const page = await room(kind, `r${r}`);
          const urlOf = (j: number) => (kind === 'stafette' ? instances[j % instances.length]!.url : server.url);
          pages.push(Array.from({ length: size }, (_, j) => ({ kind, url: urlOf(j), room: page.pageId, token: page.token })));
        }
        const result = await round(server, pages);
        results.get(kind)!.push(result);
        console.log(
          `round ${r + 1} ${serverLabel[kind]}: p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
            `${result.deliveries} deliveries, ${result.drops} drops, server CPU ${(result.serverCpu * 100).toFixed(0)} % (${result.cpuPerDelivery.toFixed(1)} µs per delivery), load generator CPU ${(result.clientCpu * 100).toFixed(0)} %, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
        if (timeline) {
          const cells = result.seconds.map((s, i) => `${i}s ${s.deliveries}: p99 ${s.p99.toFixed(0)} max ${s.max.toFixed(0)}`);
          console.log(`  timeline from ${new Date(result.startedAt).toISOString()} (second: deliveries: p99 max ms): ${cells.join(' | ')}`);
        }
      }
    }
    const rows = kinds.map((kind) => {
      const rs = results.get(kind)!;
      return [
        serverLabel[kind],
        spread(rs.map((x) => x.p50), 2),
        spread(rs.map((x) => x.p95), 2),
        spread(rs.map((x) => x.p99), 2),
        String(rs.reduce((s, x) => s + x.drops, 0)),
        spread(rs.map((x) => x.serverCpu * 100), 0),
        spread(rs.map((x) => x.cpuPerDelivery), 1),
        spread(rs.map((x) => x.clientCpu * 100), 0),
      ];
    });
    console.log(`\nmedian (min–max) over ${rounds} rounds, latency in ms, CPU in % of one core:`);
    console.log(table(['server', 'p50', 'p95', 'p99', 'drops', 'server CPU', 'server µs/delivery', 'load gen CPU'], rows));
    if (kinds.includes('stafette')) {
      const ours = results.get('stafette')!;
      for (const peer of kinds.filter((k) => k !== 'stafette')) {
        const theirs = results.get(peer)!;
        const ratio = (f: (x: RoundResult) => number) => spread(ours.map((o, i) => f(o) / f(theirs[i]!)), 2);
        console.log(`Stafette / ${serverLabel[peer]} (per round): p50 ${ratio((x) => x.p50)}, p99 ${ratio((x) => x.p99)}`);
      }
    }
    if (database) {
      // Stafette relays only committed edits: one commit is the least it can add to a peer's latency.
      for (const server of new Set([...servers.values(), ...instances])) await server.stop();
      const commits = await database.commitLatencies(5);
      const at = (p: number) => commits[Math.min(commits.length - 1, Math.floor((p / 100) * commits.length))]!.toFixed(2);
      console.log(`PostgreSQL INSERT + commit alone (${commits.length} commits, one every 2 ms): p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms`);
    }
  });
}

await main();
process.exit(0);
