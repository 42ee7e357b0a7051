// `pnpm start`: serve the built client and the API on PORT, on the embedded database unless
// DATABASE_URL is set. Builds the client only when its sources changed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildClientIfChanged, root } from './client-build.mjs';

buildClientIfChanged();
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
  cwd: process.cwd(),
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
