// `pnpm dev`: the API with restart on change (tsx watch) and Vite with hot reload, which
// proxies /api and /collab to the API server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './client-build.mjs';

const apiPort = process.env.PORT || '3000';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', path.join(root, 'server/src/main.ts')], {
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, STAFETTE_CLIENT_DIST: path.join(root, 'client/no-dist-in-dev') },
  }),
  spawn('pnpm', ['--filter', '@stafette/client', 'dev'], { stdio: 'inherit', cwd: root, env: { ...process.env, STAFETTE_API_PORT: apiPort } }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
