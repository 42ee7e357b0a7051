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
  /** Hour of the day (UTC) after which the daily digest goes out. */
  digestHourUtc: number;
}

export const defaultMailOptions: MailOptions = {
  smtpUrl: null,
  from: 'Stafette <stafette@localhost>',
  pollMs: 5000,
  sendTimeoutMs: 30_000,
  digestHourUtc: 5,
};

export function mailOptionsFrom(env: NodeJS.ProcessEnv): MailOptions {
  const smtpUrl = env.STAFETTE_SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl)) throw new Error(`STAFETTE_SMTP_URL must start with smtp:// or smtps://, got "${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}"`);
  return { ...defaultMailOptions, smtpUrl, from: env.STAFETTE_MAIL_FROM?.trim() || defaultMailOptions.from };
}
