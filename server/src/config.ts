import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Absolute directory for embedded data (PGlite lives in `<dataDir>/pglite`). */
  dataDir: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Public URL of the instance (used for the setup link and Origin checks). */
  publicUrl: string | null;
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  sessionIdleMinutes: number;
  sessionLifetimeHours: number;
  logLevel: string;
  /** Directory with the built client (index.html); served when present. */
  clientDist: string | null;
  meilisearchUrl: string | null;
  meilisearchKey: string | null;
  /** Meilisearch index uid for the pages (one Meilisearch can serve several instances). */
  meilisearchIndex: string;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function str(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.STAFETTE_DATA_DIR || './data'),
    databaseUrl: str(env.DATABASE_URL),
    publicUrl: str(env.STAFETTE_PUBLIC_URL),
    trustProxy: env.STAFETTE_TRUST_PROXY === 'true' || env.STAFETTE_TRUST_PROXY === '1',
    adminEmail: str(env.STAFETTE_ADMIN_EMAIL),
    adminPassword: str(env.STAFETTE_ADMIN_PASSWORD),
    sessionIdleMinutes: int(env.STAFETTE_SESSION_IDLE_MINUTES, 8 * 60, 'STAFETTE_SESSION_IDLE_MINUTES'),
    sessionLifetimeHours: int(env.STAFETTE_SESSION_LIFETIME_HOURS, 7 * 24, 'STAFETTE_SESSION_LIFETIME_HOURS'),
    logLevel: env.LOG_LEVEL || 'info',
    clientDist: str(env.STAFETTE_CLIENT_DIST),
    meilisearchUrl: str(env.MEILISEARCH_URL),
    meilisearchKey: str(env.MEILISEARCH_KEY),
    meilisearchIndex: env.MEILISEARCH_INDEX || 'stafette_pages',
  };
}
