// `pnpm lint`: type-checks every TypeScript project of the workspace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './client-build.mjs';

const projects = ['server', 'packages/schema', 'packages/bpmn', 'packages/api', 'client', 'tests', 'bench'].filter((p) => fs.existsSync(path.join(root, p, 'tsconfig.json')));
let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
  console.log(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${project}`);
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
