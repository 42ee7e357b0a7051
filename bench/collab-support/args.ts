/** `--name=value` / `--flag` command-line options with defaults (numbers, strings, lists). */
export function option(name: string, fallback: number): number;
export function option(name: string, fallback: string): string;
export function option(name: string, fallback: number | string): number | string {
  const prefix = `--${name}=`;
  // `--name=value` or `--name value`.
  const at = process.argv.indexOf(`--${name}`);
  const next = at >= 0 ? process.argv[at + 1] : undefined;
  const raw = process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? (next && !next.startsWith('--') ? next : undefined);
  if (raw === undefined) return fallback;
  if (typeof fallback === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${raw}"`);
    return n;
  }
  return raw;
}

export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

export const numbers = (name: string, fallback: number[]): number[] => {
  const raw = option(name, '');
  return raw ? raw.split(',').map(Number) : fallback;
};
