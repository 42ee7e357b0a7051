/** Tunables of page content and versions; defaults suit a wiki, tests shorten the interval. */
export interface ContentOptions {
  /** Automatic versions: at most one per this many milliseconds of active editing. */
  autoVersionIntervalMs: number;
  /** Largest request body of Markdown import and content replacement (bytes). */
  maxBodyBytes: number;
}

export const defaultContentOptions: ContentOptions = {
  autoVersionIntervalMs: 5 * 60_000,
  maxBodyBytes: 5 * 1024 * 1024,
};

const ENV: Record<keyof ContentOptions, string> = {
  autoVersionIntervalMs: 'STAFETTE_AUTO_VERSION_INTERVAL_MS',
  maxBodyBytes: 'STAFETTE_CONTENT_MAX_BODY_BYTES',
};

/** Options from `STAFETTE_*` environment variables over the defaults, then `overrides`. */
export function contentOptionsFrom(env: NodeJS.ProcessEnv, overrides: Partial<ContentOptions> = {}): ContentOptions {
  const options = { ...defaultContentOptions };
  for (const key of Object.keys(ENV) as (keyof ContentOptions)[]) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${ENV[key]} must be a positive integer, got "${raw}"`);
    options[key] = n;
  }
  return { ...options, ...overrides };
}
