import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One line of the reliability table `pnpm reliability` prints: a fault, how often it was
 * injected, what was lost (target: nothing) and how long service was degraded.
 */
export interface ReliabilityRow {
  fault: string;
  backend: string;
  injected: number;
  lost: number;
  /** Longest time the service was degraded per injection (ms), when that applies. */
  degradedMs?: number;
  detail: string;
}

const dir = fileURLToPath(new URL('../../.artifacts/reliability/', import.meta.url));

export function recordReliability(row: ReliabilityRow): void {
  fs.mkdirSync(dir, { recursive: true });
  const name = `${row.fault}-${row.backend}`.replace(/[^\w-]+/g, '-');
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(row));
}
