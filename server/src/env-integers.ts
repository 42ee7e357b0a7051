/**
 * Integer settings from environment variables: loadConfig (config.ts) and the option parsers of
 * the capabilities read theirs here, so every variable is refused alike, by its name.
 */

/** `env[name]` as an integer of at least `min`; the fallback when it is unset or empty. */
export function envInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: 0 | 1 = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  return n;
}

/** Every option of `defaults`, from its variable in `names` where that is set. */
export function envIntegers<T extends { [K in keyof T]: number }>(env: NodeJS.ProcessEnv, defaults: T, names: Record<keyof T, string>, min: 0 | 1 = 0): T {
  const options = { ...defaults };
  for (const key of Object.keys(names) as (keyof T)[]) {
    options[key] = envInteger(env, names[key], defaults[key], min) as T[keyof T];
  }
  return options;
}
