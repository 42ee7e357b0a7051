/**
 * collab-hot-page: one page with 50 … 1200 light clients (raw sockets without a document of
 * their own; `EditFactory` makes their edits), each typing 2 edits/s of ~25 bytes into its own
 * paragraph. Every edit carries a marker; the first receiver of a frame finds the markers, every receiver of the
 * same bytes reuses them, so the load generator does not decode 320k updates/s. Latency =
 * edit sent → frame received; drops = deliveries missing 5 s after the last edit.
 * The largest count with p99 < 100 ms and no drops is the server's capacity. Within a round, a
 * server that failed a count is not tried at larger ones (a stalled server costs 10 s a level).
 * Options: --rounds=2 --seconds=6 --counts=50,100,200,400,600,800,1000,1200 --servers=stafette,ywss,hocuspocus --profile
 */
import os from 'node:os';
import { numbers, option } from '../collab-support/args.ts';
import { EditFactory, LightClient, MARKER, markedText } from '../collab-support/light-client.ts';
import { peerOptions, typeAtRate, withPeers, type CpuFigures } from '../collab-support/peers.ts';
import { pinSelf } from '../collab-support/pin.ts';
import { type RunningServer, type ServerKind, serverLabel } from '../collab-support/servers.ts';
import { Histogram, machine, median, sleep, spread, table, waitUntil } from '../collab-support/stats.ts';

pinSelf(1);

const rounds = option('rounds', 2);
const seconds = option('seconds', 6);
const counts = numbers('counts', [50, 100, 200, 400, 600, 800, 1000, 1200]);
const editsPerSecond = 2;
const limitMs = 100;
const peers = peerOptions('collab-hot-page');
const { kinds } = peers;

interface LevelResult extends CpuFigures {
  p50: number;
  p99: number;
  drops: number;
  closed: number;
}

async function level(server: RunningServer, room: string, token: string | undefined, n: number): Promise<LevelResult> {
  const hist = new Histogram();
  const factory = new EditFactory(n);
  /** Send time of each edit, by marker. */
  const sentAt = new Map<string, number>();
  /**
   * Markers of each distinct frame, found once. Keyed by a sample of the frame (its length and
   * edges) and confirmed by comparing bytes: turning every received frame into a string was the
   * load generator's largest cost at 1,000 clients.
   */
  const frameMarkers = new Map<string, { bytes: Buffer; markers: { client: number; at: number }[] }[]>();
  let measuring = false;
  let received = 0;
  let setupSeen = 0;
  const onUpdate = (frame: Buffer, from: LightClient) => {
    if (!measuring) return void (setupSeen += 1);
    const now = performance.now();
    const key = `${frame.length}:${frame.toString('latin1', 0, 32)}:${frame.toString('latin1', Math.max(0, frame.length - 32))}`;
    const seen = frameMarkers.get(key) ?? [];
    let markers = seen.find((entry) => entry.bytes.equals(frame))?.markers;
    if (!markers) {
      markers = [];
      for (const m of frame.toString('latin1').matchAll(MARKER)) {
        const at = sentAt.get(`${m[1]}.${m[2]}`);
        if (at !== undefined) markers.push({ client: Number(m[1]), at });
      }
      seen.push({ bytes: frame, markers });
      frameMarkers.set(key, seen);
    }
    const own = index.get(from)!;
    for (const m of markers) {
      if (m.client === own) continue;
      hist.record(now - m.at);
      received += 1;
    }
  };
  const index = new Map<LightClient, number>();
  const clients: LightClient[] = [];
  const connect = (i: number) => {
    const c = new LightClient(server.kind, server.url, room, token, onUpdate);
    index.set(c, i);
    clients[i] = c;
    return c.ready;
  };
  try {
    // Two clients first: the base document (a paragraph per client) goes in before the rest join.
    await Promise.all([connect(0), connect(1)]);
    clients[0]!.sendUpdate(factory.base());
    await waitUntil(() => setupSeen > 0, 20_000);
    for (let i = 2; i < n; i += 50) await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => connect(i + k)));
    await sleep(1000);

    measuring = true;
    let expected = 0;
    const ticks = clients.map((client, i) => {
      let seq = 0;
      return () => {
        const s = seq++;
        const update = factory.edit(i, markedText(i, s));
        sentAt.set(`${i}.${s}`, performance.now());
        client.sendUpdate(update);
        expected += n - 1;
      };
    });
    const cpu = await typeAtRate(server, ticks, editsPerSecond, seconds, () => ({ received, expected }));
    return {
      p50: hist.percentile(50),
      p99: hist.percentile(99),
      drops: expected - received,
      closed: clients.filter((c) => c.closeCode !== null).length,
      ...cpu,
    };
  } finally {
    clients.forEach((c) => c?.close());
    await sleep(1000);
  }
}

async function main() {
  console.log(`collab-hot-page: one page, ${counts.join('/')} light clients × ${editsPerSecond} edits/s, ${seconds} s × ${rounds} rounds`);
  console.log(`machine: ${machine()}`);
  const results = new Map<string, LevelResult[]>();
  await withPeers(peers, async ({ servers, room }) => {
    for (let r = 0; r < rounds; r++) {
      const failed = new Set<ServerKind>();
      for (const n of counts) {
        for (const kind of kinds) {
          if (failed.has(kind)) continue;
          const page = await room(kind, `hot-${r}-${n}`);
          const result = await level(servers.get(kind)!, page.pageId, page.token, n).catch((err: Error) => {
            console.log(`  ${serverLabel[kind]} ${n}: failed (${err.message})`);
            return { p50: NaN, p99: NaN, drops: NaN, closed: n, serverCpu: NaN, clientCpu: NaN, cpuPerDelivery: NaN };
          });
          const key = `${kind}:${n}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          if (!(result.p99 < limitMs && result.drops === 0 && result.closed === 0)) failed.add(kind);
          console.log(
            `round ${r + 1} ${n} clients ${serverLabel[kind]}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, drops ${result.drops}, closed ${result.closed}, ` +
              `server CPU ${(result.serverCpu * 100).toFixed(0)} % (${result.cpuPerDelivery.toFixed(2)} µs/delivery), load generator CPU ${(result.clientCpu * 100).toFixed(0)} %, load ${os.loadavg()[0]!.toFixed(1)}`,
          );
        }
      }
    }
    const rows: string[][] = [];
    const capacity = new Map<ServerKind, number>();
    for (const kind of kinds) {
      capacity.set(kind, 0);
      for (const n of counts) {
        const rs = results.get(`${kind}:${n}`) ?? [];
        if (rs.length === 0) continue;
        // A round that skipped this count (failed a smaller one) counts as a failure.
        const ok = rs.length === rounds && median(rs.map((x) => x.p99)) < limitMs && rs.every((x) => x.drops === 0 && x.closed === 0);
        if (ok) capacity.set(kind, Math.max(capacity.get(kind)!, n));
        rows.push([
          serverLabel[kind],
          String(n),
          spread(rs.map((x) => x.p50), 1),
          spread(rs.map((x) => x.p99), 1),
          String(rs.reduce((s, x) => s + (Number.isFinite(x.drops) ? x.drops : 0), 0)),
          spread(rs.map((x) => x.serverCpu * 100), 0),
          spread(rs.map((x) => x.cpuPerDelivery), 2),
          spread(rs.map((x) => x.clientCpu * 100), 0),
          ok ? 'yes' : 'no',
        ]);
      }
    }
    console.log(`\nmedian (min–max) over ${rounds} rounds; latency ms; CPU % of one core:`);
    console.log(table(['server', 'clients', 'p50', 'p99', 'drops', 'server CPU', 'server µs/delivery', 'load gen CPU', `p99<${limitMs} & no drops`], rows));
    for (const kind of kinds) console.log(`${serverLabel[kind]}: largest count with median p99 < ${limitMs} ms and no drops: ${capacity.get(kind) || 'none'}`);
    if (kinds.includes('stafette') && kinds.includes('hocuspocus') && capacity.get('hocuspocus')) {
      console.log(`Stafette / Hocuspocus capacity: ${(capacity.get('stafette')! / capacity.get('hocuspocus')!).toFixed(2)}`);
    }
  });
}

await main();
process.exit(0);
