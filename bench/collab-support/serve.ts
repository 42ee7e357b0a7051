/**
 * Child process running one collaboration server for the benchmarks (started pinned to a core
 * by `servers.ts`): `stafette` (our server through `buildApp`, persistence on PostgreSQL at
 * DATABASE_URL), `ywss` (@y/websocket-server 0.1.1, in memory) or `hocuspocus` (in memory).
 * Prints nothing; talks over the IPC channel: `ready` with the port, answers `stats` with its
 * CPU time and memory (`memory`: after a GC), exits on `stop` (so `--cpu-prof` writes its profile).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Stop = () => Promise<void>;

async function startStafette(): Promise<{ port: number; stop: Stop }> {
  const { loadConfig } = await import('@stafette/server/config.ts');
  const { openDatabase } = await import('@stafette/server/db/database.ts');
  const { buildApp } = await import('@stafette/server/app.ts');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: null });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    port,
    stop: async () => {
      await app.close();
      await database.close();
    },
  };
}

async function startYwss(): Promise<{ port: number; stop: Stop }> {
  const { WebSocketServer } = await import('ws');
  // No YPERSISTENCE: documents live in memory only.
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req, { gc: true }));
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { port, stop: () => new Promise<void>((r) => (wss.close(), server.close(() => r()), server.closeAllConnections())) };
}

async function startHocuspocus(): Promise<{ port: number; stop: Stop }> {
  const { Server } = await import('@hocuspocus/server');
  // In memory, no extensions; quiet turns off its start banner.
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
  await server.listen();
  return { port: server.address.port, stop: () => server.destroy() };
}

const kind = process.argv[2];
const start = kind === 'stafette' ? startStafette : kind === 'ywss' ? startYwss : kind === 'hocuspocus' ? startHocuspocus : null;
if (!start || !process.send) {
  console.error('usage: (as a child with IPC) serve.ts stafette|ywss|hocuspocus');
  process.exit(2);
}

const { port, stop } = await start();
process.on('message', async (message: { cmd: string; id: number }) => {
  if (message.cmd === 'stats' || message.cmd === 'memory') {
    // A collection only for memory figures: it would count as CPU time of the measured phase.
    if (message.cmd === 'memory') (globalThis as { gc?: () => void }).gc?.();
    process.send!({ id: message.id, cpu: process.cpuUsage(), memory: process.memoryUsage() });
  } else if (message.cmd === 'stop') {
    await stop().catch(() => {});
    process.send!({ id: message.id });
    process.exit(0);
  }
});
// The benchmark went away (interrupted): do not linger as an orphan holding a core.
process.on('disconnect', () => void stop().finally(() => process.exit(0)));
process.send({ ready: true, port });
