/**
 * What the peer comparisons (collab-fanout, collab-hot-page) share: every server of the run
 * started once (Stafette on a fresh bench database, the peers in memory), a fresh room per
 * measurement, writers typing at a fixed rate while CPU is measured on both sides, and the
 * clean-up however the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flag, option } from './args.ts';
import { createBenchDatabase, type BenchDatabase } from './database.ts';
import { cpuShare, type RunningServer, type ServerKind, startServer } from './servers.ts';
import { startRedis } from './redis.ts';
import { cpuMeter, loadAverage, sleep, waitUntil } from './stats.ts';

export interface PeerOptions {
  /** `--servers=stafette,ywss,hocuspocus`: the servers compared, in this order. */
  kinds: ServerKind[];
  /** `--profile`: the servers write CPU profiles into this folder. */
  profileDir: string | undefined;
  /** `--instances=2`: Stafette as that many processes on one database, sharing pages through a Redis of the run's own. */
  instances: number;
}

export function peerOptions(benchmark: string): PeerOptions {
  return {
    kinds: option('servers', 'stafette,ywss,hocuspocus').split(',') as ServerKind[],
    profileDir: flag('profile') ? fs.mkdtempSync(path.join(os.tmpdir(), `${benchmark}-prof-`)) : undefined,
    instances: option('instances', 1),
  };
}

export interface Peers {
  servers: Map<ServerKind, RunningServer>;
  /** Null when Stafette is not among the servers. */
  database: BenchDatabase | null;
  /** A room no client has used: a page with its collaboration token on Stafette, a random name on a peer. */
  room(kind: ServerKind, label: string): Promise<{ pageId: string; token: string | undefined }>;
  /** The Stafette processes (`servers.get('stafette')` first); one unless `--instances`. */
  instances: RunningServer[];
}

export async function withPeers({ kinds, profileDir, instances: count }: PeerOptions, run: (peers: Peers) => Promise<void>): Promise<void> {
  const database = kinds.includes('stafette') ? await createBenchDatabase() : null;
  const redis = database && count > 1 ? await startRedis() : null;
  const servers = new Map<ServerKind, RunningServer>();
  const instances: RunningServer[] = [];
  const room = async (kind: ServerKind, label: string) =>
    kind === 'stafette' ? database!.page() : { pageId: `${label}-${Math.random().toString(36).slice(2)}`, token: undefined };
  try {
    const env = { ...(database ? { DATABASE_URL: database.url } : {}), ...(redis ? { REDIS_URL: redis.url, STAFETTE_REDIS_PREFIX: `bench-${process.pid}:` } : {}) };
    for (const kind of kinds) servers.set(kind, await startServer(kind, { env, profileDir }));
    if (database) {
      instances.push(servers.get('stafette')!);
      // The other instances on the same core: the comparison is per core, as for the peers.
      while (instances.length < count) instances.push(await startServer('stafette', { env, profileDir }));
      // Each instance subscribed to Redis before the first page opens.
      if (redis) await sleep(2000);
    }
    await run({ servers, database, room, instances });
    console.log(`load average after the run: ${loadAverage()}`);
  } finally {
    for (const server of new Set([...servers.values(), ...instances])) await server.stop();
    await redis?.stop();
    await database?.drop();
    if (profileDir) console.log(`CPU profiles: ${profileDir}`);
  }
}

export interface CpuFigures {
  /** Share of one core, this process (the load generator). */
  clientCpu: number;
  /** Share of one core, the server. */
  serverCpu: number;
  /** Server CPU time per delivered edit (µs): comparable even when the machine is busy. */
  cpuPerDelivery: number;
}

/**
 * Runs every writer's `tick` `perSecond` times a second for `seconds`, each writer from a random
 * phase within the first interval (writers do not type in step), measuring CPU on both sides.
 * Then gives the last edits 5 s to arrive (`deliveries`: received so far, and expected by the
 * ticks); what has not arrived by then is a drop.
 */
export async function typeAtRate(
  server: RunningServer,
  ticks: (() => void)[],
  perSecond: number,
  seconds: number,
  deliveries: () => { received: number; expected: number },
): Promise<CpuFigures> {
  const before = await server.stats();
  const cpu = cpuMeter();
  const t0 = performance.now();
  const timers: NodeJS.Timeout[] = [];
  const interval = 1000 / perSecond;
  for (const tick of ticks) timers.push(setTimeout(() => timers.push(setInterval(tick, interval)), Math.random() * interval));
  await sleep(seconds * 1000);
  timers.forEach((t) => (clearTimeout(t), clearInterval(t)));
  const elapsedMs = performance.now() - t0;
  const clientCpu = cpu();
  const after = await server.stats();
  await waitUntil(() => deliveries().received >= deliveries().expected, 5000).catch(() => {});
  const serverCpu = cpuShare(before, after, elapsedMs);
  return { clientCpu, serverCpu, cpuPerDelivery: (serverCpu * elapsedMs * 1000) / Math.max(1, deliveries().received) };
}
