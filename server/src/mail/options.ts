import { type DigestSchedule, isTimeZone } from './digest-schedule.ts';

/** Mail settings, from the environment (loadConfig calls `mailOptionsFrom` once). */
export interface MailOptions {
  /**
   * `STAFETTE_SMTP_URL`, e.g. `smtp://user:pass@mail.stadt.de:587` or `smtps://…:465`
   * (nodemailer's connection URL). Unset: no mail is sent; notices stay in the inbox.
   */
  smtpUrl: string | null;
  /** `STAFETTE_MAIL_FROM`, e.g. `Stafette <wiki@stadt.de>`. */
  from: string;
  /** How often the worker looks for notices to mail and queued mail to send (ms). */
  pollMs: number;
  /** How long one SMTP attempt may take before it counts as failed (ms); also the claim's lease. */
  sendTimeoutMs: number;
  /** `STAFETTE_DIGEST_HOUR` (default 6) in `STAFETTE_TIME_ZONE` (default Europe/Berlin): the daily digest goes out after it. */
  digest: DigestSchedule;
}

export const defaultMailOptions: MailOptions = {
  smtpUrl: null,
  from: 'Stafette <stafette@localhost>',
  pollMs: 5000,
  sendTimeoutMs: 30_000,
  digest: { hour: 6, timeZone: 'Europe/Berlin' },
};

export function mailOptionsFrom(env: NodeJS.ProcessEnv): MailOptions {
  const smtpUrl = env.STAFETTE_SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) throw new Error(`STAFETTE_SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}"`);
  const hourText = env.STAFETTE_DIGEST_HOUR?.trim();
  if (hourText && !/^(?:[01]?\d|2[0-3])$/.test(hourText)) throw new Error(`STAFETTE_DIGEST_HOUR must be an hour of the day from 0 to 23, got "${hourText}"`);
  const timeZone = env.STAFETTE_TIME_ZONE?.trim() || defaultMailOptions.digest.timeZone;
  if (!isTimeZone(timeZone)) throw new Error(`STAFETTE_TIME_ZONE must be an IANA time zone such as Europe/Berlin, got "${timeZone}"`);
  return {
    ...defaultMailOptions,
    smtpUrl,
    from: env.STAFETTE_MAIL_FROM?.trim() || defaultMailOptions.from,
    digest: { hour: hourText ? Number(hourText) : defaultMailOptions.digest.hour, timeZone },
  };
}
