import { describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { runCrashRounds } from './crash.ts';
import { recordReliability } from './report.ts';

// Short form of the crash campaign in bench/reliability (100 clients, 20 pages, 20 crashes there).
const SEED = Number(process.env.STAFETTE_FUZZ_SEED ?? 20261204);

describe.each(backends)('the server killed at random moments while people type and import on %s', (backend) => {
  it('loses nothing: edits clients held were stored after they re-synced, every edit survives, imports are whole and found, restarts are immediate', { timeout: 900_000 }, async () => {
    const lines: string[] = [];
    const env = (name: string, fallback: number) => Number(process.env[`STAFETTE_CRASH_${name}`] ?? fallback);
    const options = { backend, clients: env('CLIENTS', 12), pages: env('PAGES', 4), rounds: env('ROUNDS', 3), imports: env('IMPORTS', 4), seed: SEED };
    const result = await runCrashRounds(options, (line) => lines.push(line));
    recordReliability({
      fault: 'SIGKILL while typing, importing, reindexing',
      backend,
      injected: result.rounds,
      lost: result.heldNotStored + result.lostEdits + result.halfImports + result.unindexed,
      degradedMs: result.worstRestartMs,
      detail: `seed ${SEED}; ${options.clients} clients on ${options.pages} pages; ${result.edits} edits; ${result.importsStored}/${options.imports} imports stored; held-not-stored ${result.heldNotStored}, lost ${result.lostEdits}, half imports ${result.halfImports}, unindexed ${result.unindexed}`,
    });
    expect(result.edits, lines.join('\n')).toBeGreaterThan(100);
    expect(result.importsStored, lines.join('\n')).toBeGreaterThan(0);
    expect(result).toMatchObject({ heldNotStored: 0, lostEdits: 0, halfImports: 0, unindexed: 0 });
  });
});
