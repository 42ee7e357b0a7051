import { isIP } from 'node:net';
import path from 'node:path';
import { type CollabOptions, collabOptionsFrom } from './collab/options.ts';
import { type ContentOptions, contentOptionsFrom } from './content/options.ts';
import { envInteger } from './env-integers.ts';
import { type MailOptions, mailOptionsFrom } from './mail/options.ts';
import { type FileOptions, fileOptionsFrom } from './files/options.ts';
import { type FileTextOptions, fileTextOptionsFrom } from './files/text/options.ts';
import { type InterviewOptions, interviewOptionsFrom } from './interviews/options.ts';
import { type DirectoryOptions, directoryOptionsFrom, type LdapOptions, ldapOptionsFrom } from './directory/options.ts';
import { envBoolean, type OidcOptions, oidcOptionsFrom } from './auth/oidc/options.ts';
import { type RedisOptions, redisOptionsFrom } from './cluster/options.ts';

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
  /** Further browser origins that may open collaboration sockets (`https://host[:port]`, normalised). */
  allowedOrigins: string[];
  /**
   * Which peers may set X-Forwarded-* (client address, scheme): none (`false`), all (`true`),
   * the nearest n hops, or the listed proxy addresses/CIDRs. Fastify's `trustProxy` takes each.
   */
  trustProxy: TrustProxy;
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
  /** Collaboration server tunables (`STAFETTE_COLLAB_*`, collab/options.ts). */
  collab: CollabOptions;
  /** Page content and automatic versions (content/options.ts). */
  content: ContentOptions;
  /** Exit interview retention (`STAFETTE_INTERVIEW_RETENTION_*`, interviews/options.ts). */
  interviews: InterviewOptions;
  /** Attachments: limits, quota, retention, S3 and the virus scanner (files/options.ts). */
  files: FileOptions;
  /** Text extraction from attachments for search (`STAFETTE_FILE_TEXT_*`, files/text/options.ts). */
  fileText: FileTextOptions;
  /** CSP `frame-ancestors` sources: who may frame our pages (`STAFETTE_FRAME_ANCESTORS`). */
  frameAncestors: string;
  /**
   * `STAFETTE_SECRET_KEY`: encrypts stored second-factor secrets (AES-256-GCM, key derived by
   * SHA-256). Unset: they are stored unencrypted, still never sent after enrolment.
   */
  secretKey: string | null;
  /** Notification mail (`STAFETTE_SMTP_URL`, `STAFETTE_MAIL_FROM`, mail/options.ts). */
  mail: MailOptions;
  /** LDAP / Active Directory sign-in and sync (`STAFETTE_LDAP_*`, directory/options.ts); null when not configured. */
  ldap: LdapOptions | null;
  /** Settings shared by the directories (`STAFETTE_DIRECTORY_*`, directory/options.ts). */
  directory: DirectoryOptions;
  /** OpenID Connect sign-in (`STAFETTE_OIDC_*`, auth/oidc/options.ts); null when not configured. */
  oidc: OidcOptions | null;
  /**
   * `STAFETTE_LOCAL_LOGIN` (default true): false hides the password form and refuses password
   * sign-in for local accounts other than administrators (who keep it as the way in when the
   * directory is down).
   */
  localLogin: boolean;
  /** Redis shared by several instances (`REDIS_URL`, `STAFETTE_REDIS_PREFIX`, cluster/options.ts); url null: one instance. */
  redis: RedisOptions;
}

export type TrustProxy = boolean | number | string[];

/** proxy-addr's names for address ranges, accepted in the list like addresses. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `STAFETTE_TRUST_PROXY`: `false` (or empty, `0`) trusts no peer; `true` every peer, so any
 * client that reaches the port directly chooses its own address; an integer n the nearest n
 * hops (`1`: the one proxy in front, which appends the real client address); otherwise a
 * comma-separated list of proxy addresses, CIDRs or range names (`loopback`, `uniquelocal`...).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const raw = (value ?? '').trim();
  if (raw === '' || /^(false|0)$/i.test(raw)) return false;
  if (/^true$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, ...more] = entry.split('/');
    const family = isIP(address!);
    const maxBits = family === 4 ? 32 : 128;
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits) || (family === 4 && isIP(bits) === 4);
    if (!(RANGE_NAMES.has(entry) || (family !== 0 && validBits && more.length === 0))) {
      throw new Error(`STAFETTE_TRUST_PROXY must be true, false, a hop count or a list of proxy addresses/CIDRs, got "${value}"`);
    }
  }
  return entries;
}

function str(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A comma-separated list of origins, each normalised as the browser sends it (no path, no default port). */
function origins(value: string | undefined, name: string): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      let origin = 'null';
      try {
        origin = new URL(entry).origin;
      } catch {
        // reported below
      }
      if (origin === 'null') throw new Error(`${name} must list origins like https://wiki.example.org, got "${entry}"`);
      return origin;
    });
}

/**
 * `STAFETTE_FRAME_ANCESTORS`: `'none'` (default), `'self'` or space-separated origins such as
 * `https://intranet.stadt.de`. Only source expressions pass: a `;` or `,` would smuggle further
 * directives or headers into the policy.
 */
export function parseFrameAncestors(value: string | undefined): string {
  const sources = (value ?? '').trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return "'none'";
  const bad = sources.find((s) => !/^('none'|'self'|https?:|(https?:\/\/)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?)$/i.test(s));
  if (bad !== undefined || (sources.includes("'none'") && sources.length > 1)) {
    throw new Error(`STAFETTE_FRAME_ANCESTORS must be 'none', 'self' or space-separated origins like https://intranet.example.org, got "${value}"`);
  }
  return sources.join(' ');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  return {
    port: envInteger(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.STAFETTE_DATA_DIR || './data'),
    databaseUrl: str(env.DATABASE_URL),
    publicUrl: str(env.STAFETTE_PUBLIC_URL),
    allowedOrigins: origins(env.STAFETTE_ALLOWED_ORIGINS, 'STAFETTE_ALLOWED_ORIGINS'),
    trustProxy: parseTrustProxy(env.STAFETTE_TRUST_PROXY),
    adminEmail: str(env.STAFETTE_ADMIN_EMAIL),
    adminPassword: str(env.STAFETTE_ADMIN_PASSWORD),
    sessionIdleMinutes: envInteger(env, 'STAFETTE_SESSION_IDLE_MINUTES', 8 * 60),
    sessionLifetimeHours: envInteger(env, 'STAFETTE_SESSION_LIFETIME_HOURS', 7 * 24),
    logLevel: env.LOG_LEVEL || 'info',
    clientDist: str(env.STAFETTE_CLIENT_DIST),
    meilisearchUrl: str(env.MEILISEARCH_URL),
    meilisearchKey: str(env.MEILISEARCH_KEY),
    meilisearchIndex: env.MEILISEARCH_INDEX || 'stafette_pages',
    collab: collabOptionsFrom(env),
    content: contentOptionsFrom(env),
    interviews: interviewOptionsFrom(env),
    files: fileOptionsFrom(env),
    fileText: fileTextOptionsFrom(env),
    frameAncestors: parseFrameAncestors(env.STAFETTE_FRAME_ANCESTORS),
    ldap: ldapOptionsFrom(env),
    directory: directoryOptionsFrom(env),
    oidc: oidcOptionsFrom(env, str(env.STAFETTE_PUBLIC_URL)),
    localLogin: envBoolean(env, 'STAFETTE_LOCAL_LOGIN', true),
    secretKey: str(env.STAFETTE_SECRET_KEY),
    mail: mailOptionsFrom(env),
    redis: redisOptionsFrom(env),
  };
}
