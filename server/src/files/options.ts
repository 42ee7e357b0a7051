import { envIntegers } from '../env-integers.ts';

/** Tunables of attachments, from the environment (`STAFETTE_FILE_*`, `STAFETTE_SPACE_QUOTA_BYTES`, `STAFETTE_S3_*`, `STAFETTE_CLAMAV`). */
export interface FileOptions {
  /** Largest accepted upload in bytes; larger ones get 413. `STAFETTE_FILE_MAX_BYTES`. */
  maxBytes: number;
  /** Bytes of attachments a space may hold (0: no limit); past it uploads get 507. `STAFETTE_SPACE_QUOTA_BYTES`. */
  spaceQuotaBytes: number;
  /** Days a file no page, version or attachment points at any more is kept before removal. `STAFETTE_FILE_RETENTION_DAYS`. */
  retentionDays: number;
  /** How often the server looks for such files (ms); 0 turns the timer off. `STAFETTE_FILE_SWEEP_INTERVAL_MS`. */
  sweepIntervalMs: number;
  /** S3-compatible store (all four set) instead of `STAFETTE_DATA_DIR/files`. */
  s3: S3Options | null;
  /** clamd to scan uploads with: a socket path or `host:port` (`STAFETTE_CLAMAV`); null: no scan. */
  clamav: string | null;
}

export interface S3Options {
  url: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** `STAFETTE_S3_REGION`; most S3-compatible stores ignore it. */
  region: string;
}

type IntegerOptions = Pick<FileOptions, 'maxBytes' | 'spaceQuotaBytes' | 'retentionDays' | 'sweepIntervalMs'>;

export const defaultFileOptions: FileOptions = {
  maxBytes: 100 * 1024 * 1024,
  spaceQuotaBytes: 10 * 1024 * 1024 * 1024,
  retentionDays: 30,
  sweepIntervalMs: 6 * 60 * 60 * 1000,
  s3: null,
  clamav: null,
};

const ENV: Record<keyof IntegerOptions, string> = {
  maxBytes: 'STAFETTE_FILE_MAX_BYTES',
  spaceQuotaBytes: 'STAFETTE_SPACE_QUOTA_BYTES',
  retentionDays: 'STAFETTE_FILE_RETENTION_DAYS',
  sweepIntervalMs: 'STAFETTE_FILE_SWEEP_INTERVAL_MS',
};

const S3_ENV = ['STAFETTE_S3_URL', 'STAFETTE_S3_BUCKET', 'STAFETTE_S3_ACCESS_KEY', 'STAFETTE_S3_SECRET_KEY'] as const;

/** Options from the environment over the defaults; loadConfig (config.ts) calls it once. */
export function fileOptionsFrom(env: NodeJS.ProcessEnv): FileOptions {
  const integers = envIntegers<IntegerOptions>(env, defaultFileOptions, ENV);
  const s3Values = S3_ENV.map((name) => env[name] ?? '');
  const setCount = s3Values.filter((v) => v !== '').length;
  if (setCount > 0 && setCount < S3_ENV.length) {
    throw new Error(`S3 storage needs all of ${S3_ENV.join(', ')}; missing ${S3_ENV.filter((_, i) => s3Values[i] === '').join(', ')}`);
  }
  const [url, bucket, accessKey, secretKey] = s3Values as [string, string, string, string];
  if (url !== '' && !/^https?:\/\//.test(url)) throw new Error(`STAFETTE_S3_URL must be an http(s) URL, got "${url}"`);
  return {
    ...integers,
    s3: setCount === 0 ? null : { url, bucket, accessKey, secretKey, region: env.STAFETTE_S3_REGION || 'us-east-1' },
    clamav: env.STAFETTE_CLAMAV || null,
  };
}
