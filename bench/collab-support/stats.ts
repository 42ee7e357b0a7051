import os from 'node:os';

/**
 * Latency histogram with 10 µs buckets up to 10 s: hot-page runs record hundreds of
 * thousands of deliveries per second, too many to keep as numbers.
 */
export class Histogram {
  private readonly buckets = new Uint32Array(1_000_000);
  count = 0;
  max = 0;

  record(ms: number): void {
    const i = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 100)));
    this.buckets[i]! += 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const target = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= target) return i / 100;
    }
    return this.max;
  }
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** "median (min–max)" of a set of rounds. */
export function spread(values: number[], digits = 1): string {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return 'n/a';
  const f = (x: number) => x.toFixed(digits);
  if (v.length === 1) return f(v[0]!);
  return `${f(median(v))} (${f(Math.min(...v))}–${f(Math.max(...v))})`;
}

/** CPU time of this process over a phase, as a share of one core. */
export function cpuMeter(): () => number {
  const start = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / (performance.now() - t0);
  };
}

/** The 1, 5 and 15 minute load averages: the figures of a shared machine are read with them. */
export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(1)).join(' ');
}

export function machine(): string {
  return `${os.hostname()}, ${os.cpus().length} cores, Node ${process.version}, load average ${loadAverage()}`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `check()` holds, looking every 20 ms; rejects after `timeoutMs`. */
export function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 20);
    };
    tick();
  });
}
