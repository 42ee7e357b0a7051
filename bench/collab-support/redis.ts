import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { SERVER_CORE } from './servers.ts';

/**
 * A redis-server of the benchmark's own on a free port (no persistence), for runs with several
 * Stafette instances. Pinned to the servers' core: it is part of what serves the pages, and left
 * free it ran beside the load generator, whose late timers then showed as delivery latency.
 */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const child: ChildProcess = spawn('taskset', ['-c', String(SERVER_CORE), 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
      socket.once('error', () => resolve(false));
    });
  for (let i = 0; i < 200 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 25));
  if (!(await answers())) throw new Error(`redis-server did not start on port ${port}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
