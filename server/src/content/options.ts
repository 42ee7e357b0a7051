import { envIntegers } from '../env-integers.ts';

/** Tunables of page content and versions; defaults suit a wiki, tests shorten the interval. */
export interface ContentOptions {
  /** Automatic versions: at most one per this many milliseconds of active editing. */
  autoVersionIntervalMs: number;
  /** Largest request body of Markdown import and content replacement (bytes). */
  maxBodyBytes: number;
  /**
   * Most nodes and marks a body sent from outside may become. Each costs a stored document
   * ~5–10 µs on every load and read on the event loop (measured here), so 100,000 keep those
   * under a second; ordinary prose needs about one element per 100 bytes.
   */
  maxElements: number;
  /** From the request to the converted body (parse, validate, Yjs), run in a worker; past it: 422. */
  convertTimeoutMs: number;
}

export const defaultContentOptions: ContentOptions = {
  autoVersionIntervalMs: 5 * 60_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxElements: 100_000,
  convertTimeoutMs: 10_000,
};

const ENV: Record<keyof ContentOptions, string> = {
  autoVersionIntervalMs: 'STAFETTE_AUTO_VERSION_INTERVAL_MS',
  maxBodyBytes: 'STAFETTE_CONTENT_MAX_BODY_BYTES',
  maxElements: 'STAFETTE_CONTENT_MAX_ELEMENTS',
  convertTimeoutMs: 'STAFETTE_CONTENT_CONVERT_TIMEOUT_MS',
};

/** Options from `STAFETTE_*` environment variables over the defaults; loadConfig (config.ts) calls it once. */
export function contentOptionsFrom(env: NodeJS.ProcessEnv): ContentOptions {
  return envIntegers(env, defaultContentOptions, ENV, 1);
}
