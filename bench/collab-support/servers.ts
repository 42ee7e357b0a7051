import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsxArgs } from './pin.ts';

export type ServerKind = 'stafette' | 'ywss' | 'hocuspocus';

export const serverLabel: Record<ServerKind, string> = {
  stafette: 'Stafette (PostgreSQL)',
  ywss: '@y/websocket-server',
  hocuspocus: 'Hocuspocus',
};

const root = fileURLToPath(new URL('../../', import.meta.url));
const serveScript = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface ServerStats {
  /** CPU time (µs) since the server started. */
  cpu: { user: number; system: number };
  memory: NodeJS.MemoryUsage;
}

export interface RunningServer {
  kind: ServerKind;
  port: number;
  /** ws:// base for the adapters. */
  url: string;
  stats(): Promise<ServerStats>;
  /** Stats after a full garbage collection. */
  memory(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/** The core the measured servers (and a multi-instance run's Redis) run on; the load generator takes the other. */
export const SERVER_CORE = 0;

/**
 * Starts a server as a child process pinned to `core` (taskset), with `--expose-gc` so memory
 * figures are after a collection, and `--cpu-prof` into `profileDir` when given.
 */
export async function startServer(
  kind: ServerKind,
  options: { core?: number; env?: Record<string, string>; profileDir?: string } = {},
): Promise<RunningServer> {
  const nodeArgs = ['--expose-gc', ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), ...tsxArgs, serveScript, kind];
  const core = options.core ?? SERVER_CORE;
  const child: ChildProcess = spawn('taskset', ['-c', String(core), process.execPath, ...nodeArgs], {
    cwd: root,
    // The benchmarks play hundreds of people with one account: its per-user budget is lifted.
    env: { ...process.env, LOG_LEVEL: 'warn', STAFETTE_COLLAB_USER_MAX_SOCKETS: '1000000', STAFETTE_COLLAB_USER_MESSAGES_PER_SECOND: '10000000', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, (value: any) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: any) => {
      if (message.ready) return resolve(message.port);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited (${code}) before it was ready`)));
  });
  const ask = (cmd: string) =>
    new Promise<any>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ cmd, id });
    });
  return {
    kind,
    port,
    url: `ws://127.0.0.1:${port}`,
    stats: () => ask('stats'),
    memory: () => ask('memory'),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await Promise.race([ask('stop'), new Promise((r) => setTimeout(r, 10_000))]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Share of one core the server used between two stats calls. */
export function cpuShare(before: ServerStats, after: ServerStats, elapsedMs: number): number {
  return (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000 / elapsedMs;
}
