import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIFF_LIMITS, textDiff } from './text-diff.ts';
import { DiffPool } from './diff-pool.ts';
import { longestStall } from '../workers/event-loop-stall.ts';

const names = { before: 'Version 1', after: 'current' };
const pools: DiffPool[] = [];
const pool = (options: ConstructorParameters<typeof DiffPool>[0]) => {
  const p = new DiffPool(options);
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** Many different lines: the line diff runs into its budget (seconds without one). */
const heavy = (prefix: string) => Array.from({ length: 20_000 }, (_, i) => `${prefix} ${i}`).join('\n');

describe('DiffPool', () => {
  it('computes in a worker the same diff as in place, with the event loop free meanwhile', async () => {
    const p = pool({ inlineChars: 0 });
    const before = 'Antrag stellen\nGebühr: 10 Euro\nEnde';
    const after = 'Antrag stellen\nGebühr: 12 Euro\nEnde\nNeu';
    expect(await p.diff(before, after, names)).toEqual(textDiff(before, after, names));

    const { result, stallMs } = await longestStall(p.diff(heavy('alt'), heavy('neu'), names));
    expect(result).toMatchObject({ added: 20_000, removed: 20_000 });
    // The same diff in place holds the loop for about the line budget (~2 s here).
    expect(stallMs).toBeLessThan(500);
  });

  it('ends a worker that overruns the hard deadline, answers with the coarse diff, and keeps working', async () => {
    // No budget of its own: only the pool's deadline stops this diff.
    const p = pool({ inlineChars: 0, size: 1, hardTimeoutMs: 1500, limits: { ...DEFAULT_DIFF_LIMITS, budgetMs: 600_000, maxLineEdits: Infinity } });
    const started = performance.now();
    const cut = await p.diff(heavy('alt'), heavy('neu'), names);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(cut).toMatchObject({ coarse: true, added: 20_000, removed: 20_000 });
    expect(cut.lines.every((l) => !l.words)).toBe(true);

    const after = await p.diff('Frist: 2 Wochen', 'Frist: 4 Wochen', names);
    expect(after.coarse).toBe(false);
    expect(after.lines.find((l) => l.op === 'insert')?.words?.find((w) => w.op === 'insert')?.text).toBe('4');
  });

  it('answers at once with the coarse diff when too many diffs wait', async () => {
    const p = pool({ inlineChars: 0, size: 1, maxQueue: 1 });
    const running = p.diff(heavy('a'), heavy('b'), names);
    const waiting = p.diff(heavy('c'), heavy('d'), names);
    const refused = await p.diff('eins\nzwei', 'eins\ndrei', names);
    expect(refused).toMatchObject({ coarse: true, added: 1, removed: 1 });
    await Promise.all([running, waiting]);
  });

  it('diffs short texts in place', async () => {
    const p = pool({});
    expect((await p.diff('a', 'b', names)).lines).toEqual([
      { op: 'delete', text: 'a', words: [{ op: 'delete', text: 'a' }] },
      { op: 'insert', text: 'b', words: [{ op: 'insert', text: 'b' }] },
    ]);
  });
});
