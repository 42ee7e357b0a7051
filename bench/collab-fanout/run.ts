/**
 * collab-fanout: 50 pages × 3 clients, one page of 12 and one of 100, real Yjs clients; one
 * writer per page types 10 edits/s of ~25 bytes. Latency = writer's edit → the edit is in each
 * other client's document (observed with `afterTransaction`, no polling). Stafette runs with
 * persistence on PostgreSQL; the peers in memory. Servers on core 0, this process on core 1,
 * rounds alternated. Options: --rounds=3 --seconds=10 --servers=stafette,ywss,hocuspocus --profile
 */
import os from 'node:os';
import * as Y from 'yjs';
import { option } from '../collab-support/args.ts';
import { peerOptions, typeAtRate, withPeers, type CpuFigures } from '../collab-support/peers.ts';
import { pinSelf } from '../collab-support/pin.ts';
import { connectReal, paragraphText, type RealClient, type Target } from '../collab-support/real-clients.ts';
import { type RunningServer, type ServerKind, serverLabel } from '../collab-support/servers.ts';
import { Histogram, machine, sleep, spread, table, waitUntil } from '../collab-support/stats.ts';

pinSelf(1);

const rounds = option('rounds', 3);
const seconds = option('seconds', 10);
const pageSizes = [...Array.from({ length: option('pages', 50) }, () => 3), 12, 100];
const editsPerSecond = 10;
const peers = peerOptions('collab-fanout');
const { kinds } = peers;

interface RoundResult extends CpuFigures {
  p50: number;
  p95: number;
  p99: number;
  deliveries: number;
  drops: number;
}

async function round(server: RunningServer, pages: Target[][]): Promise<RoundResult> {
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
            received += 1;
            next += 1;
          }
        });
      });
    });

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
    const cpu = await typeAtRate(server, ticks, editsPerSecond, seconds, () => ({ received, expected }));
    return {
      p50: hist.percentile(50),
      p95: hist.percentile(95),
      p99: hist.percentile(99),
      deliveries: received,
      drops: expected - received,
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
  await withPeers(peers, async ({ servers, database, room }) => {
    const results = new Map<ServerKind, RoundResult[]>(kinds.map((k) => [k, []]));
    for (let r = 0; r < rounds; r++) {
      for (const kind of kinds) {
        const server = servers.get(kind)!;
        const pages: Target[][] = [];
        for (const size of pageSizes) {
          const page = await room(kind, `r${r}`);
          pages.push(Array.from({ length: size }, () => ({ kind, url: server.url, room: page.pageId, token: page.token })));
        }
        const result = await round(server, pages);
        results.get(kind)!.push(result);
        console.log(
          `round ${r + 1} ${serverLabel[kind]}: p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
            `${result.deliveries} deliveries, ${result.drops} drops, server CPU ${(result.serverCpu * 100).toFixed(0)} % (${result.cpuPerDelivery.toFixed(1)} µs per delivery), load generator CPU ${(result.clientCpu * 100).toFixed(0)} %, load ${os.loadavg()[0]!.toFixed(1)}`,
        );
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
      for (const server of servers.values()) await server.stop();
      const commits = await database.commitLatencies(5);
      const at = (p: number) => commits[Math.min(commits.length - 1, Math.floor((p / 100) * commits.length))]!.toFixed(2);
      console.log(`PostgreSQL INSERT + commit alone (${commits.length} commits, one every 2 ms): p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms`);
    }
  });
}

await main();
process.exit(0);
